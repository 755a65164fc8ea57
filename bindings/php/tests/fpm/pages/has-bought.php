<?php
// One access check per request, configured the way the documentation does it on every page:
// the page of the connection-reuse proof and of the benchmark (scripts/test-php-fpm).
// The package's autoload.php here; vendor/autoload.php when copied into a Composer project's
// public/ (scripts/test-composer, scripts/test-php-fpm).
require is_file(dirname(__DIR__) . '/vendor/autoload.php') ? dirname(__DIR__) . '/vendor/autoload.php' : dirname(__DIR__, 3) . '/autoload.php';

use plenigo\services\UserService;

try {
    \plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '23NuCmdPoiRRkQiCqP9Q');
    echo UserService::hasUserBought('RgKUHT78563989856641', '56202510') ? "bought\n" : "not bought\n";
} catch (\plenigo\PlenigoException $e) {
    http_response_code(500);
    echo get_class($e), ' ', $e->getKind(), ': ', $e->getMessage(), "\n";
}
