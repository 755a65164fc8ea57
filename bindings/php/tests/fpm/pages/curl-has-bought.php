<?php
// The benchmark's baseline: the has-bought-product request as plenigo's official PHP SDK makes
// it, with a JWT signed in PHP and a new curl handle (so a new TCP and TLS connection) per
// request. PLENIGO_BASE_URL and PLENIGO_EXTRA_CA_CERTS come from the php-fpm pool.
const SECRET = 'QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj';

function base64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

$header = base64url('{"alg":"HS256"}');
$claims = base64url(json_encode([
    'companyId' => '23NuCmdPoiRRkQiCqP9Q',
    'aud' => 'plenigo',
    'jti' => bin2hex(random_bytes(16)),
    'exp' => time() + 300,
]));
$token = "$header.$claims." . base64url(hash_hmac('sha256', "$header.$claims", SECRET, true));

$query = http_build_query([
    'customerId' => '56202510',
    'productId' => 'RgKUHT78563989856641',
    'testMode' => 'false',
    'useExternalCustomerId' => 'false',
]);
$curl = curl_init(rtrim(getenv('PLENIGO_BASE_URL'), '/') . "/api/v2/user/product?$query");
curl_setopt_array($curl, [
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_HTTPHEADER => ["plenigoToken: $token"],
    CURLOPT_CAINFO => getenv('PLENIGO_EXTRA_CA_CERTS'),
    CURLOPT_CONNECTTIMEOUT => 10,
    CURLOPT_TIMEOUT => 10,
]);
$body = curl_exec($curl);
$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
curl_close($curl);
if ($body === false || $status !== 200) {
    http_response_code(500);
    echo "request failed: HTTP $status\n";
} else {
    echo json_decode($body, true)['accessGranted'] === true ? "bought\n" : "not bought\n";
}
