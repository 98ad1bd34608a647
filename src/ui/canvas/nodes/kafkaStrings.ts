import { useStrings } from '../../i18n';

/** The words of the topic and consumer-group nodes (en/uk). */
const KAFKA_NODE_STRINGS = {
  kindTopic: { en: 'topic', uk: 'топік' },
  kindGroup: { en: 'consumer group', uk: 'група споживачів' },
  appended: { en: 'appended', uk: 'додано' },
  partitions: { en: 'partitions', uk: 'партиції' },
  partition: { en: 'partition', uk: 'партиція' },
  keyedBy: { en: 'key', uk: 'ключ' },
  roundRobin: { en: 'no key: round-robin', uk: 'без ключа: по колу' },
  keep: { en: 'keeps', uk: 'зберігає' },
  lag: { en: 'lag', uk: 'відставання' },
  read: { en: 'read', uk: 'прочитано' },
  members: { en: 'members', uk: 'учасники' },
  perSecond: { en: '/s each', uk: '/с кожен' },
  addMember: { en: '+ member', uk: '+ учасник' },
  kill: { en: 'Kill', uk: 'Вбити' },
  noMembers: { en: 'no members: nothing is read', uk: 'немає учасників: ніхто не читає' },
  noGroups: { en: 'no group reads it yet', uk: 'жодна група ще не читає' },
  behind: { en: 'behind', uk: 'позаду' },
  rebalances: { en: 'generation', uk: 'покоління' },
} as const;

export type KafkaNodeStringKey = keyof typeof KAFKA_NODE_STRINGS;

export function useKafkaNodeT() {
  return useStrings(KAFKA_NODE_STRINGS);
}
