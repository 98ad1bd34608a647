import { motion } from 'motion/react';
import { formatUah } from './format';
import { useLogT } from './strings';

/** A balance that flashes when it changes, so a person sees each event land. */
export function Balance({ value, label }: { value: number; label: string }) {
  const { lang } = useLogT();
  return (
    <div className="balance">
      <motion.output
        key={value}
        aria-label={label}
        aria-live="polite"
        initial={{ scale: 1.12, color: 'var(--accent)' }}
        animate={{ scale: 1, color: 'var(--fg)' }}
        transition={{ duration: 0.4 }}
      >
        {formatUah(value, lang)}
      </motion.output>
    </div>
  );
}
