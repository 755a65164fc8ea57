<?php
// Every call of plenigo's two documents, with their sample values, on one page: one line per
// call with what it returned (scripts/test-php-fpm compares them after a sandbox reset).
// The package's autoload.php here; vendor/autoload.php when copied into a Composer project's
// public/ (scripts/test-composer, scripts/test-php-fpm).
require is_file(dirname(__DIR__) . '/vendor/autoload.php') ? dirname(__DIR__) . '/vendor/autoload.php' : dirname(__DIR__, 3) . '/autoload.php';

use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;
use plenigo\services\UserService;

header('Content-Type: text/plain');

// App Management
\plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '23NuCmdPoiRRkQiCqP9Q');
$appAccessToken = AppManagementService::requestAppToken('56202510', 'RgKUHT78563989856641', 'test');
printf("requestAppToken: %s %s token=%s\n", $appAccessToken->getCustomerId(), $appAccessToken->getDescription(), $appAccessToken->getAppToken() !== '' ? 'yes' : 'no');
$appAccessData = AppManagementService::requestAppId('56202510', $appAccessToken);
printf("requestAppId: %s %s %s\n", $appAccessData->getCustomerId(), $appAccessData->getProductId(), $appAccessData->getDescription());
$customerAppId = 'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G';
printf("hasUserBought: %s\n", var_export(AppManagementService::hasUserBought('56202510', 'RgKUHT78563989856641', $customerAppId), true));
printf("getCustomerApps: %d apps\n", count(AppManagementService::getCustomerApps('56202510')));
printf("deleteCustomerApp: %s\n", var_export(AppManagementService::deleteCustomerApp('56202510', $customerAppId), true));
printf("hasUserBought after delete: %s\n", var_export(AppManagementService::hasUserBought('56202510', 'RgKUHT78563989856641', $customerAppId), true));

// External User Management
\plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '12NuCmdZUTRRkQiCqP2Q');
$registerUser = UserManagementService::registerUser('testAddNewUser@mail.com', 'en', 'A1BKAFZZ3H0H', 'new', 'user', false, false);
printf("registerUser: %s\n", preg_match('/^\d+$/', $registerUser) ? 'a customer ID' : $registerUser);
$loginToken = UserManagementService::createLoginToken('56202510', false);
printf("createLoginToken: %s\n", $loginToken !== '' ? 'a token' : 'empty');

\plenigo\PlenigoManager::configure('Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj', '23NuCmdPoiRRkQiCqP9Q');
printf("changeEmail: %s\n", var_export(UserManagementService::changeEmail('A1BKAFZZ3H0H', 'testChangeEMail@mail.com', false), true));
printf("changeAddress: %s\n", var_export(UserManagementService::changeAddress('A1BKAFZZ3H0H', ['gender' => 'female', 'firstName' => 'new', 'name' => 'user', 'street' => 'Hauptstr. 1', 'postCode' => '10115', 'city' => 'Berlin', 'country' => 'DE'], false), true));
printf("importCustomerAccess: %s\n", var_export(UserManagementService::importCustomerAccess('A1BKAFZZ3H0H', 'false', '12345'), true));
printf("addExternalCustomerId: %s\n", var_export(UserManagementService::addExternalCustomerId('56202510', '12345'), true));
printf("UserService::hasUserBought: %s\n", var_export(UserService::hasUserBought('RgKUHT78563989856641', '56202510'), true));
printf("UserService::hasUserBought by external ID: %s\n", var_export(UserService::hasUserBought(['EgLUrT56328991046641', 'RgKUHT78563989856641'], '12345', true), true));
printf("UserService::hasUserBought not bought: %s\n", var_export(UserService::hasUserBought('EgLUrT56328991046641', '56202510'), true));
