-- wrk script for scripts/bench-sandbox: every request carries a fresh, valid plenigoToken
-- (an HS256 JWT with aud, companyId, exp = now + 300 and a jti unique per request), signed
-- here in LuaJIT (SHA-256 and HMAC on the `bit` library: wrk's Lua has no crypto). nginx
-- ignores the header, so against it the script costs wrk the same as against the sandbox.
--
--   BENCH_COMPANY=... BENCH_SECRET=... wrk -t2 -c8 -d10s -s bench-wrk.lua URL -- NONCE
--
-- NONCE (any text without `"` or `\`) makes the jtis unique across runs against one
-- sandbox: jti = NONCE-THREAD-COUNTER. response() counts the answers that are not 2xx;
-- done() prints one line `WRK {json}` (requests, duration_us, per_s, non2xx, errors,
-- latency_mean_us) for the bench script to read.

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local rshift, lshift, ror, tobit = bit.rshift, bit.lshift, bit.ror, bit.tobit
local byte, char, sub, rep, concat = string.byte, string.char, string.sub, string.rep, table.concat

-- SHA-256 (FIPS 180-4) over 32-bit words kept as LuaJIT's signed bit-library integers.
local K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
}
for i = 1, 64 do K[i] = tobit(K[i]) end
local IV = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
for i = 1, 8 do IV[i] = tobit(IV[i]) end

local W = {}

-- Runs the compression function on the 64-byte block of `s` after byte `off` into H.
local function compress(H, s, off)
    for j = 1, 16 do
        local a, b, c, d = byte(s, off + 4 * j - 3, off + 4 * j)
        W[j] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for j = 17, 64 do
        local w15, w2 = W[j - 15], W[j - 2]
        local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
        local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
        W[j] = tobit(W[j - 16] + s0 + W[j - 7] + s1)
    end
    local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
    for j = 1, 64 do
        local s1 = bxor(ror(e, 6), ror(e, 11), ror(e, 25))
        local ch = bxor(band(e, f), band(bnot(e), g))
        local t1 = h + s1 + ch + K[j] + W[j]
        local s0 = bxor(ror(a, 2), ror(a, 13), ror(a, 22))
        local maj = bxor(band(a, b), band(a, c), band(b, c))
        h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + s0 + maj)
    end
    H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
    H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

-- The digest (32 bytes) of a message whose first `done` bytes (a multiple of 64) brought
-- the state to H0, followed by `rest`.
local function sha256_from(H0, done, rest)
    local H = { H0[1], H0[2], H0[3], H0[4], H0[5], H0[6], H0[7], H0[8] }
    local bits = (done + #rest) * 8
    local pad = (55 - #rest) % 64
    local msg = rest .. "\128" .. rep("\0", pad + 4)
        .. char(band(rshift(bits, 24), 255), band(rshift(bits, 16), 255),
                band(rshift(bits, 8), 255), band(bits, 255))
    for off = 0, #msg - 64, 64 do compress(H, msg, off) end
    local out = {}
    for i = 1, 8 do
        local v = H[i]
        out[i] = char(band(rshift(v, 24), 255), band(rshift(v, 16), 255),
                      band(rshift(v, 8), 255), band(v, 255))
    end
    return concat(out)
end

-- The state after the first `n` bytes of `s` (n a multiple of 64), starting from H0.
local function absorb(H0, s, n)
    local H = { H0[1], H0[2], H0[3], H0[4], H0[5], H0[6], H0[7], H0[8] }
    for off = 0, n - 64, 64 do compress(H, s, off) end
    return H
end

-- base64url without padding.
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local B64C = {}
for i = 0, 63 do B64C[i] = sub(B64, i + 1, i + 1) end

local function b64url(s)
    local out, n = {}, 0
    for i = 1, #s, 3 do
        local a, b, c = byte(s, i, i + 2)
        local v = a * 65536 + (b or 0) * 256 + (c or 0)
        out[n + 1] = B64C[rshift(v, 18)]
        out[n + 2] = B64C[band(rshift(v, 12), 63)]
        out[n + 3] = b and B64C[band(rshift(v, 6), 63)] or ""
        out[n + 4] = c and B64C[band(v, 63)] or ""
        n = n + 4
    end
    return concat(out)
end

-- Per thread (set by setup() in the main state, read by init() in the thread's).
local inner, outer      -- HMAC states after the key block (ipad/opad)
local header           -- the JWT header, base64url, and the dot after it
local fixed, fixed_len  -- the constant start of every signing input, and its absorbed length
local inner_fixed       -- the inner state after the first fixed_len bytes of it
local payload_head      -- the payload JSON up to the varying claims
local request_head      -- the request up to the token
local jti_prefix
local counter = 0
local now, now_checked = 0, 0

local function hmac_key_states(key)
    if #key > 64 then
        key = sha256_from(IV, 0, key)
    end
    key = key .. rep("\0", 64 - #key)
    local ipad, opad = {}, {}
    for i = 1, 64 do
        local k = byte(key, i)
        ipad[i] = char(bxor(k, 0x36))
        opad[i] = char(bxor(k, 0x5c))
    end
    return absorb(IV, concat(ipad), 64), absorb(IV, concat(opad), 64)
end

-- The signing input and signature of the claims `tail` that follow payload_head.
local function sign(tail)
    local input = header .. b64url(payload_head .. tail)
    -- The fixed part's base64 is stable only up to a whole 3-byte group of payload_head;
    -- check rather than trust the arithmetic.
    local digest
    if sub(input, 1, fixed_len) == sub(fixed, 1, fixed_len) then
        digest = sha256_from(inner_fixed, 64 + fixed_len, sub(input, fixed_len + 1))
    else
        digest = sha256_from(inner, 64, input)
    end
    return input .. "." .. b64url(sha256_from(outer, 64, digest))
end

function init(args)
    local company = os.getenv("BENCH_COMPANY") or error("BENCH_COMPANY is not set")
    local secret = os.getenv("BENCH_SECRET") or error("BENCH_SECRET is not set")
    -- Without one: the time and a table's address (differs from run to run with ASLR).
    local nonce = args[1] or (os.time() .. (tostring({}):gsub("^table: ", "-")))
    jti_prefix = nonce .. "-" .. tostring(id or 0) .. "-"
    inner, outer = hmac_key_states(secret)
    payload_head = '{"aud":"plenigo","companyId":"' .. company .. '",'
    header = b64url('{"alg":"HS256","typ":"JWT"}') .. "."
    -- Only whole 3-byte groups of payload_head encode the same whatever follows.
    local whole = #payload_head - #payload_head % 3
    fixed = header .. b64url(sub(payload_head, 1, whole))
    fixed_len = #fixed - #fixed % 64
    inner_fixed = absorb(inner, fixed, fixed_len)
    request_head = "GET " .. wrk.path .. " HTTP/1.1\r\nHost: " .. wrk.headers["Host"]
        .. "\r\nplenigoToken: "
    non2xx = 0
    statuses = {}
end

function request()
    counter = counter + 1
    -- os.time() once per 256 requests is exact enough for exp = now + 300.
    if counter >= now_checked then
        now = os.time()
        now_checked = counter + 256
    end
    local token = sign('"exp":' .. (now + 300) .. ',"jti":"' .. jti_prefix .. counter .. '"}')
    return request_head .. token .. "\r\n\r\n"
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        -- The first few bodies, to say why.
        if #statuses < 3 then
            statuses[#statuses + 1] = tostring(status) .. " " .. sub(body or "", 1, 120)
        end
    end
end

-- Main state: the threads, to read their counts in done().
local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    threads[#threads + 1] = thread
end

local function json_string(s)
    return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", byte(c)) end) .. '"'
end

function done(summary, latency, requests)
    local bad, why = 0, {}
    for _, thread in ipairs(threads) do
        bad = bad + (thread:get("non2xx") or 0)
        for _, s in ipairs(thread:get("statuses") or {}) do why[#why + 1] = json_string(s) end
    end
    local e = summary.errors
    io.write(string.format(
        'WRK {"requests": %d, "duration_us": %d, "per_s": %.1f, "non2xx": %d, '
            .. '"errors": %d, "latency_mean_us": %.1f, "first_non2xx": [%s]}\n',
        summary.requests, summary.duration, summary.requests / summary.duration * 1e6, bad,
        e.connect + e.read + e.write + e.timeout, latency.mean, concat(why, ", ")))
end
