<?php
/**
 * SDK call vs the same request made by hand in PHP, in one process against one server.
 *
 *   PLENIGO_BASE_URL=http://127.0.0.1:PORT php bench.php [ITERATIONS]
 *
 * Both sides ask hasUserBought for the sandbox fixture's customer app: the SDK through
 * ext-ffi (JWT, validation, native call, result conversion), the baseline with a
 * plenigoToken JWT signed in PHP and a reused curl handle (keep-alive, like the SDK's
 * connection pool). Prints microseconds per call and the ratio SDK / raw.
 */

require_once __DIR__ . '/autoload.php';

use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;

const SECRET = 'QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj';
const COMPANY = '23NuCmdPoiRRkQiCqP9Q';
const PATH = '/api/v2/access/app/56202510/RgKUHT78563989856641/ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G?testMode=false';

$base = rtrim((string) getenv('PLENIGO_BASE_URL'), '/');
if ($base === '' || !extension_loaded('curl')) {
    fwrite(STDERR, "usage: PLENIGO_BASE_URL=http://127.0.0.1:PORT php bench.php [ITERATIONS] (needs ext-curl)\n");
    exit(2);
}
$iterations = (int) ($argv[1] ?? 2000);

function base64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

/** A plenigoToken as the wire contract describes it. */
function plenigo_token(): string
{
    $header = base64url('{"alg":"HS256"}');
    $claims = base64url(json_encode([
        'companyId' => COMPANY,
        'aud' => 'plenigo',
        'jti' => bin2hex(random_bytes(16)),
        'exp' => time() + 300,
    ]));
    return "$header.$claims." . base64url(hash_hmac('sha256', "$header.$claims", SECRET, true));
}

$curl = curl_init($base . PATH);
curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CONNECTTIMEOUT_MS => 10000, CURLOPT_TIMEOUT_MS => 10000]);
$raw = function () use ($curl): bool {
    curl_setopt($curl, CURLOPT_HTTPHEADER, ['plenigoToken: ' . plenigo_token()]);
    $body = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    if ($body === false || ($status !== 200 && $status !== 204 && $status !== 403)) {
        throw new RuntimeException("raw request failed: HTTP $status " . curl_error($curl));
    }
    return $status !== 403;
};

PlenigoManager::configure(SECRET, COMPANY, false, $base);
$sdk = fn (): bool => AppManagementService::hasUserBought(
    '56202510',
    'RgKUHT78563989856641',
    'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G',
);

/** Mean microseconds per call over $n calls, after a warm-up. */
function measure(callable $call, int $n): float
{
    for ($i = 0; $i < 100; $i++) {
        $call();
    }
    $start = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        if ($call() !== true) {
            throw new RuntimeException('unexpected answer');
        }
    }
    return (hrtime(true) - $start) / 1000 / $n;
}

// Alternate the two so drift on a shared machine hits both alike.
$sdkTimes = $rawTimes = [];
for ($round = 0; $round < 5; $round++) {
    $rawTimes[] = measure($raw, intdiv($iterations, 5));
    $sdkTimes[] = measure($sdk, intdiv($iterations, 5));
}
sort($sdkTimes);
sort($rawTimes);
$sdkUs = $sdkTimes[2];
$rawUs = $rawTimes[2];
printf("hasUserBought, %d calls each (median of 5 rounds)\n", $iterations);
printf("  SDK (ext-ffi -> Rust core): %8.1f us/call\n", $sdkUs);
printf("  raw PHP (curl + JWT):       %8.1f us/call\n", $rawUs);
printf("ratio SDK/raw: %.2f\n", $sdkUs / $rawUs);
