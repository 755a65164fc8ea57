<?php
// A php-fpm page of scripts/bench-php (php.fpm.package.*): the package, preloaded, configured
// on every page as the documentation does, one has-user-bought call of App Management to the
// sandbox (?tls=1: the TLS sandbox, whose CA the pool passes in PLENIGO_EXTRA_CA_CERTS).
// 200 "bought", else 500: the fixture's customer has bought the product.
require getenv('PLENIGO_BENCH_PACKAGE');

use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;

try {
    PlenigoManager::configure(getenv('BENCH_SECRET'), getenv('BENCH_COMPANY'), false,
        getenv(($_GET['tls'] ?? '') === '1' ? 'PLENIGO_BENCH_TLS_URL' : 'PLENIGO_BENCH_HTTP_URL'));
    $bought = AppManagementService::hasUserBought(getenv('BENCH_CUSTOMER'), getenv('BENCH_PRODUCT'), getenv('BENCH_APP'));
} catch (\plenigo\PlenigoException $e) {
    http_response_code(500);
    echo get_class($e), ': ', $e->getMessage(), "\n";
    return;
}
http_response_code($bought ? 200 : 500);
echo $bought ? "bought\n" : "not bought\n";
