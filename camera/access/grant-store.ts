import type { PageRole } from '../../contracts/page-roles.js';

/**
 * What this browser keeps about the device it was set up as, one record per page role on this
 * origin (a tab can be the camera while another is a viewer). The grant is the only secret; it is
 * replaced on every credentials exchange. Nothing else the setup saw (the setup token, Amazon's
 * tokens) is ever stored.
 */
export interface GrantRecord {
  role: PageRole;
  /** The newest grant this browser holds: the one to present next. */
  grant: string;
  deviceId: string;
  endpointId: string;
  /** The doorbell's name, for a page that cannot reach the access API yet. */
  doorbellName: string;
  /** What the owner called this device. */
  label: string;
  /** When the grant was written (ms since the epoch). */
  savedAt: number;
}

export interface GrantStore {
  get(role: PageRole): Promise<GrantRecord | undefined>;
  /** Resolves once the record is durably written: only then may the caller use what came with it. */
  put(record: GrantRecord): Promise<void>;
  delete(role: PageRole): Promise<void>;
  all(): Promise<GrantRecord[]>;
}

/** The database, its one object store, keyed by role. */
export const GRANT_DATABASE = { name: 'alexa-video-doorbell', version: 1, store: 'device-grants', keyPath: 'role' } as const;

const promised = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

/**
 * The grants in IndexedDB. Four operations on one store do not need a wrapper library: the
 * promises are these few lines. Writes ask for strict durability and resolve on the transaction's
 * `complete`, so a grant is on disk before the credentials that came with it are used (a crash
 * after using them and before saving would otherwise lose the newest grant).
 */
export function openGrantStore(factory: IDBFactory = indexedDB): GrantStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(GRANT_DATABASE.name, GRANT_DATABASE.version);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(GRANT_DATABASE.store)) request.result.createObjectStore(GRANT_DATABASE.store, { keyPath: GRANT_DATABASE.keyPath });
      };
      request.onsuccess = () => {
        const opened = request.result;
        // Another tab upgrading the database: let it, and open again next time.
        opened.onversionchange = () => {
          opened.close();
          db = undefined;
        };
        resolve(opened);
      };
      request.onerror = () => {
        db = undefined;
        reject(request.error ?? new Error('IndexedDB cannot be opened'));
      };
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of this site'));
    });
    return db;
  };
  const read = async <T>(fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const store = (await open()).transaction(GRANT_DATABASE.store, 'readonly').objectStore(GRANT_DATABASE.store);
    return promised(fn(store));
  };
  const write = async (fn: (store: IDBObjectStore) => void): Promise<void> => {
    const tx = (await open()).transaction(GRANT_DATABASE.store, 'readwrite', { durability: 'strict' });
    fn(tx.objectStore(GRANT_DATABASE.store));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  };
  return {
    get: (role) => read((s) => s.get(role) as IDBRequest<GrantRecord | undefined>),
    put: (record) => write((s) => s.put(record)),
    delete: (role) => write((s) => s.delete(role)),
    all: () => read((s) => s.getAll() as IDBRequest<GrantRecord[]>),
  };
}
