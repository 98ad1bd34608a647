import type { Scenario } from '../../engine/scenario';

export const REPLAY_GUIDE: Scenario['guide'] = {
  intro: {
    en: 'Every operation on the account is written to an append-only log before it counts. A NEW account that opens with the same 1000 UAH reads the log back through the same listener and ends with the same balance: state restored without a database.',
    uk: 'Кожна операція з рахунком пишеться в лог лише для додавання, перш ніж її враховано. НОВИЙ рахунок із тими ж 1000 грн перечитує лог тим самим слухачем і отримує той самий баланс: стан відновлено без бази даних.',
  },
  points: [
    {
      en: 'The log is the source of truth: the balance is what the log says, and a reload rebuilds it from the log.',
      uk: 'Лог — джерело правди: баланс такий, як каже лог, і після перезавантаження він відновлюється з логу.',
    },
    {
      en: 'Replay reads events and calls the listeners; it must NOT log them again, or the log would grow on every replay.',
      uk: 'Replay читає події й викликає слухачів; він НЕ повинен логувати їх знову, інакше лог ріс би з кожним replay.',
    },
    {
      en: 'Any point of the log is a state: scrub to an offset to see the account as it was then.',
      uk: 'Будь-яка точка логу — це стан: перетягніть повзунок на офсет, щоб побачити рахунок, яким він був тоді.',
    },
    {
      en: 'Each line is {"timestamp": "...", "event": "...", "data": {...}}: export the log to see it.',
      uk: 'Кожен рядок — {"timestamp": "...", "event": "...", "data": {...}}: експортуйте лог, щоб побачити його.',
    },
  ],
  tryIt: [
    {
      en: 'Deposit 500 and 700, withdraw 200: the account reaches 2000 UAH, with three events in the log.',
      uk: 'Поповніть на 500 і 700, зніміть 200: рахунок дійде до 2000 грн, у лозі три події.',
    },
    {
      en: 'Press Replay at 1/s and watch the NEW account go from 1000 to 2000 UAH as each event lands. The log still holds three events.',
      uk: 'Натисніть Replay на 1/с і стежте, як НОВИЙ рахунок іде від 1000 до 2000 грн з кожною подією. У лозі так само три події.',
    },
    {
      en: 'Drag "State as of offset" back and forth, or Step one event at a time.',
      uk: 'Потягайте «Стан на офсеті» туди й назад або йдіть по одній події кнопкою «Крок».',
    },
    {
      en: 'Reload the page: the log, the balance and the replay position are as they were.',
      uk: 'Перезавантажте сторінку: лог, баланс і позиція replay такі самі, як були.',
    },
  ],
};

export const KAFKA_GUIDE: Scenario['guide'] = {
  intro: {
    en: 'A topic is an append-only log in partitions; a record’s offset is its number. Each consumer group keeps its own offset ("I read up to 5, next time I start at 6"), so groups read the same records independently, each at its own pace.',
    uk: 'Топік — це лог лише для додавання, поділений на партиції; офсет запису — його номер. Кожна група споживачів зберігає власний офсет («я прочитав до 5, наступного разу почну з 6»), тож групи читають ті самі записи незалежно, кожна у своєму темпі.',
  },
  points: [
    {
      en: 'Appends only at the end and sequential reads are why such logs are fast.',
      uk: 'Запис лише в кінець і послідовне читання — ось чому такі логи швидкі.',
    },
    {
      en: 'A slow consumer does not slow the others: it just lags behind (one at 10 a second, one at 3).',
      uk: 'Повільний споживач не гальмує інших: він просто відстає (один читає 10 на секунду, інший 3).',
    },
    {
      en: 'Replay is resetting a group’s offset to 0: it reads the whole history again while the others go on.',
      uk: 'Replay — це скидання офсету групи на 0: вона перечитує всю історію, поки інші йдуть далі.',
    },
    {
      en: 'Members of one group share the partitions; a key (the customer) keeps one customer’s orders in one partition, in order.',
      uk: 'Учасники однієї групи ділять партиції; ключ (клієнт) тримає замовлення одного клієнта в одній партиції, по порядку.',
    },
  ],
  tryIt: [
    {
      en: 'Set the producer to 5 orders a second: analytics (10/s) keeps up, billing (3/s) falls behind; watch the lag chart.',
      uk: 'Поставте producer на 5 замовлень за секунду: analytics (10/с) встигає, billing (3/с) відстає; дивіться на графік відставання.',
    },
    {
      en: 'Press "Replay from 0" on analytics: its cursors jump back to the start and it re-reads everything.',
      uk: 'Натисніть «Replay з 0» в analytics: її курсори стрибають на початок, і вона перечитує все.',
    },
    {
      en: 'Add a member to shipping: the partitions are shared anew (a rebalance).',
      uk: 'Додайте учасника до shipping: партиції розподіляються наново (rebalance).',
    },
    {
      en: 'Reload the page: the log and every group’s committed offset are as they were.',
      uk: 'Перезавантажте сторінку: лог і закомічені офсети кожної групи такі самі, як були.',
    },
  ],
};
