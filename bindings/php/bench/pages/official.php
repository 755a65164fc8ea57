<?php
// A php-fpm page of scripts/bench-php (php.fpm.official.*): plenigo's official PHP SDK
// (plenigo/plenigo_php_sdk, its Composer "files" entry loaded from PLENIGO_BENCH_OFFICIAL),
// configured on every page, one AppManagementService::hasUserBought to the sandbox (?tls=1:
// the TLS sandbox; the SDK takes no CA option, so the pool's php.ini sets curl.cainfo).
// Its hasUserBought answers false on any failure, so anything but true is a 500 here.
require getenv('PLENIGO_BENCH_OFFICIAL');

use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;

PlenigoManager::configure(getenv('BENCH_SECRET'), getenv('BENCH_COMPANY'), false,
    getenv(($_GET['tls'] ?? '') === '1' ? 'PLENIGO_BENCH_TLS_URL' : 'PLENIGO_BENCH_HTTP_URL'));
$bought = AppManagementService::hasUserBought(getenv('BENCH_CUSTOMER'), getenv('BENCH_PRODUCT'), getenv('BENCH_APP'));
http_response_code($bought ? 200 : 500);
echo $bought ? "bought\n" : "not bought (or the request failed)\n";
