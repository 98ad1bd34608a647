import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createWebhookFeed, type RequestRow, type WebhookFeed } from '../../app/webhookFeed';
import {
  buildRequest,
  curlLine,
  PRESETS,
  type Preset,
  type WebhookRequest,
} from '../../app/webhookRequests';
import { secretProblem } from '../../app/webhookSigner';
import { type StringKey, useT } from '../i18n';
import { useSession } from './session';
import { WebhookRequestList } from './WebhookRequestList';

declare global {
  interface Window {
    /** the webhook lab's requests as the panel lists them, for e2e tests and benchmarks */
    eventlabWebhooks?: () => readonly RequestRow[];
  }
}

const PRESET_LABEL: Record<Preset, StringKey> = {
  valid: 'presetValid',
  invalid: 'presetInvalid',
  duplicate: 'presetDuplicate',
  forged: 'presetForged',
  oversized: 'presetOversized',
};

/** The webhook lab's panel: the feed from the server, test requests, a curl line, the list. */
export function WebhookPanel() {
  const session = useSession();
  const [feed, setFeed] = useState<WebhookFeed | undefined>(undefined);
  useEffect(() => {
    const created = createWebhookFeed(session.sim);
    setFeed(created);
    window.eventlabWebhooks = () => created.store.getState().requests;
    return () => {
      created.close();
      delete window.eventlabWebhooks;
    };
  }, [session]);
  if (feed === undefined) return null;
  return <WebhookSender feed={feed} />;
}

function WebhookSender({ feed }: { feed: WebhookFeed }) {
  const { t } = useT();
  const connection = useStore(feed.store, (s) => s.connection);
  const signing = useStore(feed.store, (s) => s.signing);
  const [secret, setSecret] = useState('');
  const [curl, setCurl] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const lastValid = useRef<WebhookRequest | undefined>(undefined);
  const serial = useRef(0);
  const secretId = useId();
  const trimmed = secret.trim();
  const problem = trimmed === '' ? undefined : secretProblem(trimmed);

  const send = async (preset: Preset) => {
    serial.current++;
    const request = await buildRequest(preset, {
      secret: problem === undefined ? trimmed : '',
      previous: lastValid.current,
      serial: serial.current,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (preset === 'valid') lastValid.current = request;
    const line = curlLine(window.location.origin, request);
    setCurl(line);
    setCopied(false);
    await feed.send(request, line);
  };

  const copy = async () => {
    if (curl === undefined) return;
    await navigator.clipboard.writeText(curl);
    setCopied(true);
  };

  const connectionLabel: StringKey =
    connection === 'open'
      ? 'feedOpen'
      : connection === 'connecting'
        ? 'feedConnecting'
        : 'feedClosed';
  return (
    <section className="panel webhook-panel" aria-label={t('sendWebhook')}>
      <header className="panel-header">
        <h2>{t('sendWebhook')}</h2>
        <span className={`badge feed-${connection}`} data-testid="feed-state">
          {t(connectionLabel)}
        </span>
      </header>
      {signing !== undefined && (
        <p className="muted signing-note" data-testid="signing">
          {signing ? t('signingOn') : t('signingOff')}
        </p>
      )}
      <label htmlFor={secretId} className="field-label">
        {t('webhookSecret')}
      </label>
      <input
        id={secretId}
        className="mono"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        placeholder="whsec_…"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== undefined}
      />
      {problem !== undefined && <p className="form-error">{problem}</p>}
      <div className="preset-buttons">
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className={`btn small${preset === 'valid' ? ' primary' : ''}`}
            onClick={() => void send(preset)}
          >
            {t(PRESET_LABEL[preset])}
          </button>
        ))}
      </div>
      {curl !== undefined && (
        <div className="curl">
          <p className="muted">{t('curlHint')}</p>
          <pre className="mono" data-testid="curl">
            {curl}
          </pre>
          <button type="button" className="btn small" onClick={() => void copy()}>
            {copied ? t('copied') : t('copyCurl')}
          </button>
        </div>
      )}
      <WebhookRequestList feed={feed} />
    </section>
  );
}
