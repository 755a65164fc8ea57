<?php
// A php-fpm page of scripts/bench-php (php.fpm.curl.*): the has-user-bought request of App
// Management made by hand, a JWT (HS256) signed in PHP and a new curl handle (so a new TCP
// and, with ?tls=1, TLS connection) per page, the CA from PLENIGO_BENCH_CA.
// 200 "bought", else 500.
function base64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

$tls = ($_GET['tls'] ?? '') === '1';
$header = base64url('{"alg":"HS256","typ":"JWT"}');
$claims = base64url(json_encode([
    'companyId' => getenv('BENCH_COMPANY'),
    'aud' => 'plenigo',
    'jti' => bin2hex(random_bytes(16)),
    'exp' => time() + 300,
]));
$token = "$header.$claims." . base64url(hash_hmac('sha256', "$header.$claims", getenv('BENCH_SECRET'), true));

$url = rtrim(getenv($tls ? 'PLENIGO_BENCH_TLS_URL' : 'PLENIGO_BENCH_HTTP_URL'), '/') . '/api/v2/access/app/'
    . getenv('BENCH_CUSTOMER') . '/' . getenv('BENCH_PRODUCT') . '/' . getenv('BENCH_APP') . '?testMode=false';
$curl = curl_init($url);
curl_setopt_array($curl, [
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_HTTPHEADER => ["plenigoToken: $token"],
    CURLOPT_CONNECTTIMEOUT => 10,
    CURLOPT_TIMEOUT => 10,
] + ($tls ? [CURLOPT_CAINFO => getenv('PLENIGO_BENCH_CA')] : []));
$body = curl_exec($curl);
$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
$error = curl_error($curl);
curl_close($curl);
$bought = $body !== false && ($status === 200 || $status === 204);
http_response_code($bought ? 200 : 500);
echo $bought ? "bought\n" : "request failed: HTTP $status $error\n";
