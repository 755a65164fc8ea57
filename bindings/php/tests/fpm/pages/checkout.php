<?php
// The documentation's "Use case PHP": a customer registered with an external ID, a login token
// for them, and the checkout snippet built with it (the button's onclick code).
// The package's autoload.php here; vendor/autoload.php when copied into a Composer project's
// public/ (scripts/test-composer, scripts/test-php-fpm).
require is_file(dirname(__DIR__) . '/vendor/autoload.php') ? dirname(__DIR__) . '/vendor/autoload.php' : dirname(__DIR__, 3) . '/autoload.php';

use plenigo\builders\CheckoutSnippetBuilder;
use plenigo\models\ProductBase;
use plenigo\services\UserManagementService;

header('Content-Type: text/plain');
\plenigo\PlenigoManager::configure('Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj', '23NuCmdPoiRRkQiCqP9Q');
$checkout = new CheckoutSnippetBuilder(new ProductBase('EgLUrT56328991046641'));
$userId = UserManagementService::registerUser('checkout@example.com', 'en', '12345', 'new', 'customer');
$loginToken = UserManagementService::createLoginToken($userId);
printf("registerUser: %s\n", preg_match('/^\d+$/', $userId) ? 'a customer ID' : $userId);
printf("createLoginToken: %s\n", $loginToken !== '' ? 'a token' : 'empty');
echo $checkout->build([], $loginToken), "\n";
