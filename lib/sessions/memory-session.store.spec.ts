import { MemorySessionStore } from './memory-session.store';
import { describeSessionStoreContract } from '../../test/support/session-store.contract';

describeSessionStoreContract('MemorySessionStore', async () => new MemorySessionStore());
