// The Lua scripts of the Redis session store. Each runs atomically on the server: nothing else
// touches the keys between its reads and its writes. Every key of the store carries the same
// hash tag, so that in a Cluster they all live in one slot and a script may reach any of them:
// a rotation finds the session's key only in the token it reads, so KEYS cannot name it up front.
// KEYS name what the caller knows (and route the script to its node); ARGV[1] is the key prefix.

/**
 * Stores a session and its first refresh token. KEYS[1] session key, KEYS[2] token key; ARGV:
 * prefix, then the session's fields (sid, userId, familyId, claims, createdAt, expiresAt), then
 * the token's (sid, userId, familyId, issuedAt, expiresAt).
 */
export const CREATE_SESSION = `
redis.call('HSET', KEYS[1], 'sid', ARGV[2], 'userId', ARGV[3], 'familyId', ARGV[4], 'claims', ARGV[5],
  'createdAt', ARGV[6], 'expiresAt', ARGV[7], 'revoked', '0')
redis.call('PEXPIREAT', KEYS[1], ARGV[7])
redis.call('HSET', KEYS[2], 'sid', ARGV[8], 'userId', ARGV[9], 'familyId', ARGV[10], 'issuedAt', ARGV[11], 'expiresAt', ARGV[12])
redis.call('PEXPIREAT', KEYS[2], ARGV[12])
return 1
`;

/**
 * The rotation of SessionStore.rotateRefreshToken, in its order of checks. KEYS[1] the presented
 * token's key; ARGV: prefix, now, grace period (ms), the next token's hash, sid, userId, familyId,
 * issuedAt, expiresAt. Answers { status } or { status, session fields (HGETALL) }. A record that
 * is not what this store writes (a field missing or not a number) answers 'unknown'.
 */
export const ROTATE_REFRESH_TOKEN = `
local function num(value)
  local n = tonumber(value)
  if n and n == n and n ~= math.huge and n ~= -math.huge then return n end
  return nil
end
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local token = redis.call('HMGET', KEYS[1], 'sid', 'expiresAt', 'usedAt', 'userId', 'familyId', 'issuedAt')
local tokenExpiresAt = num(token[2])
if not token[1] or not tokenExpiresAt or not token[4] or not token[5] or not num(token[6]) then return {'unknown'} end
if token[3] and not num(token[3]) then return {'unknown'} end
local sessionKey = prefix .. 's:' .. token[1]
local session = redis.call('HMGET', sessionKey, 'userId', 'createdAt', 'expiresAt', 'revoked')
local createdAt = num(session[2])
local sessionExpiresAt = num(session[3])
if not session[1] then return {'expired'} end
if not createdAt or not sessionExpiresAt then return {'unknown'} end
local fields = redis.call('HGETALL', sessionKey)
if session[4] == '1' then return {'revoked', fields} end
local cutOff = num(redis.call('GET', prefix .. 'u:' .. session[1]))
if cutOff and createdAt <= cutOff then return {'revoked', fields} end
if tokenExpiresAt <= now or sessionExpiresAt <= now then return {'expired', fields} end
local status = 'rotated'
if token[3] then
  local usedAt = num(token[3])
  local grace = tonumber(ARGV[3])
  -- Instances' clocks differ a little, so now may even precede usedAt; no grace period means none.
  if grace <= 0 or now - usedAt >= grace then
    redis.call('HSET', sessionKey, 'revoked', '1')
    return {'reused', redis.call('HGETALL', sessionKey)}
  end
  status = 'grace'
else
  redis.call('HSET', KEYS[1], 'usedAt', ARGV[2])
end
local nextKey = prefix .. 'r:' .. ARGV[4]
redis.call('HSET', nextKey, 'sid', ARGV[5], 'userId', ARGV[6], 'familyId', ARGV[7], 'issuedAt', ARGV[8], 'expiresAt', ARGV[9])
redis.call('PEXPIREAT', nextKey, ARGV[9])
return {status, fields}
`;

/**
 * Records a revocation, prunes the expired ones, and publishes it, all at once, so that a record
 * is in the table before any instance hears of it. KEYS[1] the revocations hash, KEYS[2] their
 * expiry index (a sorted set), KEYS[3] their sequence counter; ARGV: prefix, channel, now, kind,
 * id, before, expiresAt, record JSON. The message is the record's sequence number, a space and
 * the JSON: a listener that sees a number skipped knows it missed one.
 */
export const REVOKE = `
local prefix = ARGV[1]
local now = tonumber(ARGV[3])
local kind = ARGV[4]
local id = ARGV[5]
local field = kind .. ':' .. id
local record = ARGV[8]
if kind == 'session' then
  local sessionKey = prefix .. 's:' .. id
  if redis.call('EXISTS', sessionKey) == 1 then redis.call('HSET', sessionKey, 'revoked', '1') end
elseif kind == 'user' then
  local userKey = prefix .. 'u:' .. id
  local before = tonumber(ARGV[6])
  local previous = tonumber(redis.call('GET', userKey))
  if previous and previous > before then
    before = previous
    record = redis.call('HGET', KEYS[1], field) or record
  end
  redis.call('SET', userKey, tostring(before), 'PXAT', ARGV[7])
end
redis.call('HSET', KEYS[1], field, record)
redis.call('ZADD', KEYS[2], ARGV[7], field)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('HDEL', KEYS[1], unpack(expired))
  redis.call('ZREM', KEYS[2], unpack(expired))
end
local seq = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[2], seq .. ' ' .. ARGV[8])
return 1
`;

/**
 * The revocations table with the sequence number of the last revocation it holds, read at once.
 * KEYS[1] the revocations hash, KEYS[2] the sequence counter. Answers { seq, HGETALL }.
 */
export const LOAD_REVOCATIONS = `
return {redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1])}
`;
