import { MemorySessionStore } from './memory-session.store';
import { describeSessionStoreContract } from './session-store.contract';

describeSessionStoreContract('MemorySessionStore', async () => new MemorySessionStore());
