import { runLogStoreContract } from './contract';
import { MemoryLogStore } from './memoryStore';

runLogStoreContract('memory', () => {
  let store: MemoryLogStore | undefined;
  return {
    // memory keeps nothing across a close: every open is a new, empty log
    open: async () => {
      store = new MemoryLogStore();
      return store;
    },
    // the memory store has no segments; any size exercises the same reads
    segmentRecords: 8,
    exceedQuota: () => {
      const s = store as MemoryLogStore;
      const before = s.maxBytes;
      s.maxBytes = 0;
      return () => {
        s.maxBytes = before;
      };
    },
  };
});
