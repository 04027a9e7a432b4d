// The graph of a relay cluster, kept in Redis (createRelay({redis})). Each
// relay checks a put in its wasm core, then merges it here with one Lua
// script per put, atomic: per field the greater order key wins (the core
// computes the keys, graph/order_key.h, so the conflict rule is not written
// again here), the cluster-wide quotas and public-write budgets are checked
// and counted, and what was taken is appended to a stream that every relay
// reads to keep its copy current and forward to its clients.
//   <prefix>n:<soul>  hash: field → [value, state, signature?] (JSON text, as storage keeps a field)
//   <prefix>k:<soul>  hash: field → "<cost>:<order key>" (what the merge compares and counts)
//   <prefix>q         hash: space (a user's pub, "" for public souls) → bytes stored
//   <prefix>b:<address>:<minute>  public bytes written from that address in that minute
//   <prefix>d         sorted set: writes from the future, by when they land
//   <prefix>s         stream: {o: relay, c: connection, w: [[soul, field, stored]]} per merge
// Keys are built inside the scripts: one Redis server (or a primary with
// replicas), not Redis Cluster's sharding.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

const STREAM_LENGTH = 100_000; // entries kept (approximately): a relay further behind reloads everything
const READ_COUNT = 1000; // stream entries taken per read
const READ_BLOCK_MS = 5000;
const PING_MS = 1000; // how often the round trip is measured (and an outage noticed while idle)
const DUE_BATCH = 1000; // writes from the future landed per look
const MAX_DEFERRED = 10_000; // as the core's queue (graph.h kMaxDeferredWrites)
const SCAN_COUNT = 1000;

// Order keys compare as unsigned bytes, a prefix first. Lua's `<` on strings
// follows the server's locale, so the bytes are compared one by one.
const GREATER = `
local function greater(a, b)
  if a == b then return false end
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end
-- What a field holds now: {cost, order key}, or false.
local function current(prefix, soul, field)
  local found = redis.call('HGET', prefix .. 'k:' .. soul, field)
  if not found then return false end
  local colon = string.find(found, ':', 1, true)
  return { tonumber(string.sub(found, 1, colon - 1)), string.sub(found, colon + 1) }
end
`;

// ARGV: prefix, origin, connection, address, userLimit, publicLimit,
// perMinute, now, maxDeferred, streamLength (limits < 0: none), then per
// write: soul, field, stored, key, cost, space, dueAt (0: lands now).
// Returns the indexes of the writes taken; refuses the whole put (and
// changes nothing) when a quota or budget would be passed.
const MERGE = `${GREATER}
local prefix, origin, connection, address = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local userLimit, publicLimit, perMinute = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now, maxDeferred, streamLength = tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
local FIRST, WIDTH = 11, 7
local staged, growth, taken, deferred = {}, {}, {}, {}
local publicBytes = 0
for i = FIRST, #ARGV, WIDTH do
  local soul, field, key, cost, space, dueAt = ARGV[i], ARGV[i + 1], ARGV[i + 3], tonumber(ARGV[i + 4]), ARGV[i + 5], tonumber(ARGV[i + 6])
  if dueAt > 0 then
    deferred[#deferred + 1] = i
    if space == '' then publicBytes = publicBytes + cost end
  else
    local id = #soul .. ':' .. soul .. field
    local was = staged[id]
    if was == nil then was = current(prefix, soul, field) end
    if not was or greater(key, was[2]) then
      growth[space] = (growth[space] or 0) + cost - (was and was[1] or 0)
      if space == '' then publicBytes = publicBytes + cost end
      staged[id] = { cost, key }
      taken[#taken + 1] = i
    end
  end
end
for space, bytes in pairs(growth) do
  local limit = space == '' and publicLimit or userLimit
  if bytes > 0 and limit >= 0 then
    local after = tonumber(redis.call('HGET', prefix .. 'q', space) or '0') + bytes
    if after > limit then
      if space == '' then
        return redis.error_reply('put refused: public souls in this cluster would hold ' .. after .. ' bytes, over its cap of ' .. limit .. ' bytes for public data')
      end
      return redis.error_reply('put refused: the space of ~' .. space .. ' would hold ' .. after .. ' bytes, over the storage quota of ' .. limit .. ' bytes per user')
    end
  end
end
local window = prefix .. 'b:' .. address .. ':' .. math.floor(now / 60000)
if address ~= '' and perMinute >= 0 and publicBytes > 0 then
  local used = tonumber(redis.call('GET', window) or '0')
  if used + publicBytes > perMinute then
    return redis.error_reply('put refused: public writes from address ' .. address .. ' would pass ' .. perMinute .. ' bytes this minute')
  end
end
if #deferred > 0 and redis.call('ZCARD', prefix .. 'd') + #deferred > maxDeferred then
  return redis.error_reply('put refused: the queue of writes from the future is full')
end
local written, indexes = {}, {}
for _, i in ipairs(taken) do
  redis.call('HSET', prefix .. 'n:' .. ARGV[i], ARGV[i + 1], ARGV[i + 2])
  redis.call('HSET', prefix .. 'k:' .. ARGV[i], ARGV[i + 1], ARGV[i + 4] .. ':' .. ARGV[i + 3])
  written[#written + 1] = { ARGV[i], ARGV[i + 1], ARGV[i + 2] }
  indexes[#indexes + 1] = (i - FIRST) / WIDTH
end
for space, bytes in pairs(growth) do
  if bytes ~= 0 then redis.call('HINCRBY', prefix .. 'q', space, bytes) end
end
if address ~= '' and publicBytes > 0 then
  redis.call('INCRBY', window, publicBytes)
  redis.call('PEXPIRE', window, 120000)
end
for _, i in ipairs(deferred) do
  local write = { ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], tonumber(ARGV[i + 4]), ARGV[i + 5] }
  redis.call('ZADD', prefix .. 'd', ARGV[i + 6], cjson.encode(write))
end
if #written > 0 then
  redis.call('XADD', prefix .. 's', 'MAXLEN', '~', streamLength, '*', 'o', origin, 'c', connection, 'w', cjson.encode(written))
end
return indexes
`;

// ARGV: prefix, now, count, streamLength. Lands the writes from the future
// that are due (any relay may run it: each write lands once).
const LAND_DUE = `${GREATER}
local prefix, now, count, streamLength = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local due = redis.call('ZRANGEBYSCORE', prefix .. 'd', '-inf', now, 'LIMIT', 0, count)
local written = {}
for _, member in ipairs(due) do
  redis.call('ZREM', prefix .. 'd', member)
  local w = cjson.decode(member)
  local soul, field, stored, key, cost, space = w[1], w[2], w[3], w[4], w[5], w[6]
  local was = current(prefix, soul, field)
  if not was or greater(key, was[2]) then
    redis.call('HSET', prefix .. 'n:' .. soul, field, stored)
    redis.call('HSET', prefix .. 'k:' .. soul, field, cost .. ':' .. key)
    redis.call('HINCRBY', prefix .. 'q', space, cost - (was and was[1] or 0))
    written[#written + 1] = { soul, field, stored }
  end
end
if #written > 0 then
  redis.call('XADD', prefix .. 's', 'MAXLEN', '~', streamLength, '*', 'o', '', 'c', '-1', 'w', cjson.encode(written))
end
return #due
`;

function limitArgument(value) {
  return Number.isFinite(value) ? String(value) : '-1';
}

// Stream ids are "<ms>-<seq>".
function compareIds(a, b) {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function unreachable(url, error) {
  return new Error(`Redis at ${url} is unreachable (${error.message}); writes are refused until it is back`, { cause: error });
}

/**
 * Connects to Redis at `url` ("redis://host:port[/db]"). `limits`: the
 * relay's userBytes, publicBytes, publicBytesPerMinute. `prefix` keeps
 * several graphs apart in one Redis. Fails when Redis cannot be reached.
 */
export async function openRedisGraph(url, { limits, prefix = 'ms:' } = {}) {
  if (typeof url !== 'string' || !/^rediss?:\/\/./.test(url)) throw new TypeError('createRelay: redis must be a Redis URL ("redis://host:6379")');
  const options = {
    lazyConnect: true,
    enableOfflineQueue: false, // nothing waits for a Redis that is away: writes are refused at once
    maxRetriesPerRequest: 0, // a command in flight when the connection drops fails (its write is not acknowledged)
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * times, 1000), // reconnects forever
  };
  const client = new Redis(url, options);
  const reader = new Redis(url, options); // the stream is read blocking, on a connection of its own
  for (const connection of [client, reader]) connection.on('error', () => {}); // counted in health(), not thrown
  try {
    await Promise.all([client.connect(), reader.connect()]);
  } catch (error) {
    client.disconnect();
    reader.disconnect();
    throw new Error(`createRelay: cannot reach Redis at ${url}: ${error.message}`, { cause: error });
  }
  client.defineCommand('msMerge', { numberOfKeys: 0, lua: MERGE });
  client.defineCommand('msLandDue', { numberOfKeys: 0, lua: LAND_DUE });

  const origin = randomBytes(8).toString('hex'); // this relay, in the stream
  const health = { roundTripMs: 0, streamLagMs: 0, lastError: '', streamEntries: 0 };
  let closed = false;
  let lastId = '0-0';
  let onWrites = () => {};

  const reachable = () => client.status === 'ready';
  const note = (error) => {
    health.lastError = error.message;
  };

  async function ping() {
    const started = performance.now();
    try {
      await client.ping();
      health.roundTripMs = performance.now() - started;
    } catch (error) {
      note(error);
    }
  }
  const pinger = setInterval(ping, PING_MS);

  // Every field in Redis, to the relay in batches (its copy starts empty, or is stale after a long absence).
  async function loadAll() {
    let cursor = '0';
    do {
      const [next, keys] = await reader.scan(cursor, 'MATCH', `${prefix}n:*`, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (!keys.length) continue;
      const nodes = await reader.pipeline(keys.map((key) => ['hgetall', key])).exec();
      const entries = [];
      keys.forEach((key, i) => {
        const soul = key.slice(prefix.length + 2);
        for (const [field, stored] of Object.entries(nodes[i][1] ?? {})) entries.push([JSON.stringify([soul, field]), stored]);
      });
      onWrites(entries, -1);
    } while (cursor !== '0');
  }

  function take(entries) {
    for (const [id, fields] of entries) {
      const entry = {};
      for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i]] = fields[i + 1];
      lastId = id;
      try {
        const written = JSON.parse(entry.w).map(([soul, field, stored]) => [JSON.stringify([soul, field]), stored]);
        // This relay's own writes skip their writer (it has them); anyone else's go to everyone interested.
        onWrites(written, entry.o === origin ? Number(entry.c) : -1);
      } catch (error) {
        note(error);
      }
    }
    const newest = entries.at(-1)[0];
    health.streamLagMs = Math.max(0, Date.now() - Number(newest.split('-')[0]));
    health.streamEntries += entries.length;
  }

  // A relay that was away catches up from its last id; when the stream was
  // trimmed past that id, or begun anew (a Redis that lost its data), it
  // reads everything again.
  async function catchUp() {
    if (lastId === '0-0') return;
    const [first] = await reader.xrange(`${prefix}s`, '-', '+', 'COUNT', 1);
    const [newest] = await reader.xrevrange(`${prefix}s`, '+', '-', 'COUNT', 1);
    if (!newest || compareIds(newest[0], lastId) < 0) {
      lastId = '0-0';
      await loadAll();
    } else if (compareIds(first[0], lastId) > 0) await loadAll();
  }

  async function follow() {
    let resume = false;
    while (!closed) {
      try {
        if (resume) await catchUp();
        resume = false;
        const reply = await reader.xread('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', `${prefix}s`, lastId);
        if (reply) take(reply[0][1]);
        else health.streamLagMs = 0;
      } catch (error) {
        if (closed) return;
        note(error);
        resume = true;
        // Back when the connection is (or at once, for an error Redis answered).
        await new Promise((resolve) => {
          if (reader.status === 'ready') return setTimeout(resolve, 100);
          const done = () => {
            reader.off('ready', done);
            reader.off('end', done);
            resolve();
          };
          reader.on('ready', done);
          reader.on('end', done);
        });
      }
    }
  }
  let following = Promise.resolve();

  return {
    origin,
    /**
     * Starts the copy: every field now in Redis, then every change, to
     * `writes(entries, except)` (entries as storage keeps them; `except`:
     * the connection that wrote them, -1 for none).
     */
    async follow(writes) {
      onWrites = writes;
      const [newest] = await reader.xrevrange(`${prefix}s`, '+', '-', 'COUNT', 1);
      if (newest) lastId = newest[0];
      await loadAll();
      following = follow();
    },
    /**
     * Merges the core's keyed writes ([soul, field, stored, key, cost, space,
     * dueAt]) of one put from `connection` at `address` ("" for a peer
     * relay: no budget); resolves to the entries taken, once Redis has them.
     */
    async merge(writes, { connection = -1, address = '' } = {}) {
      if (!reachable()) throw unreachable(url, new Error(`connection ${client.status}`));
      const args = [prefix, origin, String(connection), address, limitArgument(limits.userBytes), limitArgument(limits.publicBytes),
        limitArgument(limits.publicBytesPerMinute), String(Date.now()), String(MAX_DEFERRED), String(STREAM_LENGTH)];
      for (const [soul, field, stored, key, cost, space, dueAt] of writes) args.push(soul, field, stored, key, String(cost), space, String(dueAt));
      let taken;
      try {
        taken = await client.msMerge(...args);
      } catch (error) {
        if (/^(ERR )?put refused/.test(error.message)) throw new Error(error.message.replace(/^ERR /, ''));
        note(error);
        throw unreachable(url, error);
      }
      return taken.map((i) => [JSON.stringify([writes[i][0], writes[i][1]]), writes[i][2]]);
    },
    /** Lands the writes from the future that are due at `now` (any relay may: each lands once). */
    async landDue(now) {
      if (!reachable()) return;
      try {
        await client.msLandDue(prefix, String(now), String(DUE_BATCH), String(STREAM_LENGTH));
      } catch (error) {
        note(error);
      }
    },
    /**
     * What the relay knows of its storage, for operators (readiness,
     * metrics): whether Redis is reachable (and so writes are taken), the
     * last PING's round trip, how old the newest stream entry was when this
     * relay read it, how many entries it has read, and the last error.
     */
    health() {
      return { storage: 'redis', reachable: reachable(), acceptingWrites: reachable(), ...health };
    },
    async close() {
      closed = true;
      clearInterval(pinger);
      reader.disconnect();
      await following;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
