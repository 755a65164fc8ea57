<?php
// Renders the typed exception of one failure (?case=...) as "class kind code http": what a
// page that catches plenigo's exceptions sees under php-fpm.
// The package's autoload.php here; vendor/autoload.php when copied into a Composer project's
// public/ (scripts/test-composer, scripts/test-php-fpm).
require is_file(dirname(__DIR__) . '/vendor/autoload.php') ? dirname(__DIR__) . '/vendor/autoload.php' : dirname(__DIR__, 3) . '/autoload.php';

use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

$cases = [
    'not-found' => fn () => UserManagementService::createLoginToken('99999999'),
    'conflict' => fn () => UserManagementService::registerUser('customer56202510@example.com', 'en', null, null, null, false, true),
    'not-bought' => fn () => AppManagementService::requestAppToken('56202510', 'EgLUrT56328991046641', 'test'),
    'invalid' => fn () => UserManagementService::createLoginToken(['56202510']),
    'unauthorized' => function () {
        PlenigoManager::configure('WrongSecretWrongSecretWrongSecret', '23NuCmdPoiRRkQiCqP9Q');
        UserManagementService::createLoginToken('56202510');
    },
];
try {
    PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '23NuCmdPoiRRkQiCqP9Q');
    ($cases[$_GET['case'] ?? ''] ?? fn () => throw new \LogicException('unknown case'))();
    echo "no exception\n";
} catch (\plenigo\internal\exceptions\RegistrationException $e) {
    echo get_class($e), ' ', $e->getKind(), ' ', $e->getCode(), ' ', $e->getHttpStatus(), " (a RegistrationException)\n";
} catch (\plenigo\PlenigoException $e) {
    echo get_class($e), ' ', $e->getKind(), ' ', $e->getCode(), ' ', $e->getHttpStatus(), ': ', $e->getMessage(), "\n";
}
