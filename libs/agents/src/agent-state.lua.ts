/**
 * Lua scripts that change an agent's state atomically, together with the
 * campaign's ready set (longest-idle first) and the campaign's agent event
 * stream, so no two calls can ever take the same agent. Keys are built from
 * the prefix inside the scripts (one Redis node, not a cluster).
 *
 * Hash `<p>:agent:<id>`: state, name, campaignId, since, attemptId, leadId, pauseReason, pauseAfterCall, epoch.
 * Sorted set `<p>:campaign:<id>:ready`: ready agents scored by when they became ready.
 * Set `<p>:campaign:<id>:agents`: agents logged in to the campaign.
 * Stream `<p>:agents:events:<campaignId>`: one entry per change.
 * String `<p>:desk:<id>` (with a TTL, kept alive by the api process holding the
 * agent's desk socket) and the hash's `desk` = '1' once a desk was attached:
 * a flag without its key is a desk that died with its api (desk-presence.ts).
 */
/** The pause-after-call reason that signs the agent out instead (a supervisor's "sign out after this call"). */
export const SIGN_OUT_AFTER_CALL = 'signed_out';

const COMMON = `
local function keys(prefix, agentId, campaignId)
  return prefix .. ':agent:' .. agentId,
    prefix .. ':campaign:' .. campaignId .. ':ready',
    prefix .. ':campaign:' .. campaignId .. ':agents',
    prefix .. ':agents:events:' .. campaignId
end

-- A desk was attached and its heartbeat has expired: nobody is there to take a call.
local function deskGone(prefix, agentId)
  return redis.call('HGET', prefix .. ':agent:' .. agentId, 'desk') == '1'
    and redis.call('EXISTS', prefix .. ':desk:' .. agentId) == 0
end

-- Sets the new state, keeps the ready set in step, records the event; returns the new epoch.
local function move(prefix, agentId, campaignId, from, to, now, attemptId, leadId, reason, streamLen)
  local agentKey, readyKey, agentsKey, eventsKey = keys(prefix, agentId, campaignId)
  local epoch = redis.call('HINCRBY', agentKey, 'epoch', 1)
  redis.call('HSET', agentKey, 'state', to, 'since', now, 'campaignId', campaignId,
    'attemptId', attemptId, 'leadId', leadId, 'pauseReason', (to == 'paused') and reason or '')
  if to == 'ready' then redis.call('ZADD', readyKey, now, agentId) else redis.call('ZREM', readyKey, agentId) end
  if to == 'offline' then redis.call('SREM', agentsKey, agentId) else redis.call('SADD', agentsKey, agentId) end
  redis.call('XADD', eventsKey, 'MAXLEN', '~', streamLen, '*', 'agentId', agentId, 'campaignId', campaignId,
    'from', from, 'to', to, 'attemptId', attemptId, 'reason', reason, 'atMs', now)
  return epoch
end
`;

/** ARGV: prefix, agentId, campaignId, now, name, streamLen → {ok, from, epoch} | {busy, state}. */
export const JOIN_SCRIPT = `${COMMON}
local prefix, agentId, campaignId, now, name, streamLen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local agentKey = prefix .. ':agent:' .. agentId
local current = redis.call('HMGET', agentKey, 'state', 'campaignId')
local state, previous = current[1] or 'offline', current[2] or ''
if state == 'reserved' or state == 'on_call' or state == 'wrap_up' then return {'busy', state} end
if previous ~= '' and previous ~= campaignId and state ~= 'offline' then
  move(prefix, agentId, previous, state, 'offline', now, '', '', 'moved', streamLen)
  state = 'offline'
end
redis.call('HSET', agentKey, 'name', name, 'pauseAfterCall', '')
local epoch = move(prefix, agentId, campaignId, state, 'paused', now, '', '', 'not_ready', streamLen)
return {'ok', state, tostring(epoch)}
`;

/**
 * A move the agent or the dialer asks for.
 * ARGV: prefix, agentId, allowedFrom (comma list), to, now, attemptId, mustMatchAttempt ('1'/'0'), leadId, reason, streamLen,
 * expectedEpoch ('' for any: else refused unless the agent's state is still the one numbered so).
 * Going `ready` (or `paused`) out of wrap-up, or `ready` out of a reservation
 * that came to nothing (a skipped preview), honours a pause asked for meanwhile.
 * → {ok, from, to, epoch, campaignId} | {refused, state, campaignId}
 */
export const MOVE_SCRIPT = `${COMMON}
local prefix, agentId, allowed, to, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local attemptId, mustMatch, leadId, reason, streamLen = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local expectedEpoch = ARGV[11] or ''
local agentKey = prefix .. ':agent:' .. agentId
local current = redis.call('HMGET', agentKey, 'state', 'campaignId', 'attemptId', 'leadId', 'pauseAfterCall', 'epoch')
local state, campaignId = current[1] or 'offline', current[2] or ''
if campaignId == '' or not string.find(',' .. allowed .. ',', ',' .. state .. ',', 1, true) then
  return {'refused', state, campaignId}
end
if expectedEpoch ~= '' and (current[6] or '') ~= expectedEpoch then return {'refused', state, campaignId} end
if mustMatch == '1' and (current[3] or '') ~= attemptId then return {'refused', state, campaignId} end
-- Never promised or put through a call at a desk that is gone.
if (to == 'reserved' or to == 'on_call') and deskGone(prefix, agentId) then return {'refused', state, campaignId} end
if attemptId == '' and (to == 'on_call' or to == 'wrap_up') then attemptId = current[3] or '' end
if leadId == '' and (to == 'on_call' or to == 'wrap_up') then leadId = current[4] or '' end
-- So does a wrap-up ended in a pause of the dialer's (after-call work): decided here, in the same step as the
-- move, a pause asked for after the timer read the agent's state is not dropped.
if (to == 'ready' and (state == 'wrap_up' or state == 'reserved') or to == 'paused' and state == 'wrap_up') and (current[5] or '') ~= '' then
  -- A supervisor's "sign out after this call" is a pause-after-call whose reason says so.
  if current[5] == '${SIGN_OUT_AFTER_CALL}' then to, reason = 'offline', current[5] else to, reason = 'paused', current[5] end
end
if to == 'ready' or to == 'paused' or to == 'offline' then
  attemptId, leadId = '', ''
  redis.call('HSET', agentKey, 'pauseAfterCall', '')
end
local epoch = move(prefix, agentId, campaignId, state, to, now, attemptId, leadId, reason, streamLen)
return {'ok', state, to, tostring(epoch), campaignId}
`;

/**
 * Reserves the longest-idle ready agent of a campaign for a call. A ready
 * agent whose desk is gone is passed over and paused ('disconnected') on the way.
 * ARGV: prefix, campaignId, now, attemptId, leadId, streamLen
 * → {agentId | '', epoch | '', pausedAgentId1, pausedEpoch1, ...}
 */
export const RESERVE_NEXT_SCRIPT = `${COMMON}
local prefix, campaignId, now, attemptId, leadId, streamLen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local readyKey = prefix .. ':campaign:' .. campaignId .. ':ready'
local result = {'', ''}
while true do
  local popped = redis.call('ZPOPMIN', readyKey, 1)
  if #popped == 0 then return result end
  local agentId = popped[1]
  local current = redis.call('HMGET', prefix .. ':agent:' .. agentId, 'state', 'campaignId')
  if current[1] == 'ready' and current[2] == campaignId then
    if deskGone(prefix, agentId) then
      local paused = move(prefix, agentId, campaignId, 'ready', 'paused', now, '', '', 'disconnected', streamLen)
      redis.call('HDEL', prefix .. ':agent:' .. agentId, 'desk')
      table.insert(result, agentId)
      table.insert(result, tostring(paused))
    else
      result[1] = agentId
      result[2] = tostring(move(prefix, agentId, campaignId, 'ready', 'reserved', now, attemptId, leadId, '', streamLen))
      return result
    end
  end
end
`;

/**
 * Marks a pause to take effect after the current call. A supervisor's
 * sign-out already asked for stays: a pause asked after it (by the agent, or
 * for a lost audio leg) must not quietly turn it into a pause.
 * ARGV: prefix, agentId, reason → 1 | 0
 */
export const PAUSE_AFTER_CALL_SCRIPT = `
local agentKey = ARGV[1] .. ':agent:' .. ARGV[2]
local current = redis.call('HMGET', agentKey, 'state', 'pauseAfterCall')
local state = current[1]
if state == 'reserved' or state == 'on_call' or state == 'wrap_up' then
  if current[2] ~= '${SIGN_OUT_AFTER_CALL}' then redis.call('HSET', agentKey, 'pauseAfterCall', ARGV[3]) end
  return 1
end
return 0
`;

/**
 * Withdraws a pause asked for after the current call, if it was asked for this
 * reason (a desk that disconnected and is back). ARGV: prefix, agentId, reason → 1 | 0
 */
export const CANCEL_PAUSE_AFTER_CALL_SCRIPT = `
local agentKey = ARGV[1] .. ':agent:' .. ARGV[2]
if ARGV[3] ~= '' and redis.call('HGET', agentKey, 'pauseAfterCall') == ARGV[3] then
  redis.call('HSET', agentKey, 'pauseAfterCall', '')
  return 1
end
return 0
`;

/**
 * Sets the deadline of the wrap-up the agent is in, stamped with its epoch (a
 * later state's epoch makes it void without another write).
 * ARGV: prefix, agentId, epoch, untilMs → 1 | 0 (no longer that wrap-up)
 */
export const WRAP_UP_DEADLINE_SCRIPT = `
local agentKey = ARGV[1] .. ':agent:' .. ARGV[2]
local current = redis.call('HMGET', agentKey, 'state', 'epoch')
if current[1] == 'wrap_up' and current[2] == ARGV[3] then
  redis.call('HSET', agentKey, 'wrapUntil', ARGV[3] .. ':' .. ARGV[4])
  return 1
end
return 0
`;
