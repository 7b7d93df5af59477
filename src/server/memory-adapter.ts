import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's own in-memory adapter prints a warning, is shared by every Provider in the process
 * and is an LRU of 1000 entries (a benchmark would see valid tokens vanish). This one belongs to a
 * single server and drops entries once they expire.
 */
export function createMemoryAdapterFactory(): (modelName: string) => Adapter {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const byGrant = new Map<string, Set<string>>(); // grantId -> keys of the tokens issued for it
  const byAlias = new Map<string, string>(); // 'userCode:<code>' / 'sessionUid:<uid>' -> key
  let writesSinceSweep = 0;

  const read = (key: string | undefined): AdapterPayload | undefined => {
    if (key === undefined) return undefined;
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt > Date.now()) return entry.payload;
    entries.delete(key);
    return undefined;
  };
  // Amortised clean-up, so long benchmarks with short-lived tokens don't grow without bound.
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [alias, key] of byAlias) if (!entries.has(key)) byAlias.delete(alias);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) byGrant.delete(grantId);
    }
  };

  return (modelName) => {
    const keyOf = (id: string): string => `${modelName}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        // Some models (e.g. registration access tokens) are stored without a lifetime.
        const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
        entries.set(key, { payload, expiresAt });
        if (payload.grantId !== undefined) {
          byGrant.set(payload.grantId, (byGrant.get(payload.grantId) ?? new Set()).add(key));
        }
        if (payload.userCode !== undefined) byAlias.set(`userCode:${payload.userCode}`, key);
        if (modelName === 'Session' && payload.uid !== undefined) byAlias.set(`sessionUid:${payload.uid}`, key);
        if (++writesSinceSweep >= 1000) {
          writesSinceSweep = 0;
          sweep();
        }
      },
      async find(id) {
        return read(keyOf(id));
      },
      async findByUserCode(userCode) {
        return read(byAlias.get(`userCode:${userCode}`));
      },
      async findByUid(uid) {
        return read(byAlias.get(`sessionUid:${uid}`));
      },
      async consume(id) {
        const payload = read(keyOf(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
}
