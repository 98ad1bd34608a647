/**
 * A routing or binding key as AMQP topic words. RabbitMQ splits on every '.', so `a..b`,
 * `.a` and `a.` have empty words, but the empty key is no words at all (not one empty word).
 */
export function splitWords(key: string): string[] {
  return key === '' ? [] : key.split('.');
}
