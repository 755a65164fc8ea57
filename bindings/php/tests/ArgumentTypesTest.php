<?php

namespace plenigo\tests;

use plenigo\builders\CheckoutSnippetBuilder;
use plenigo\exceptions\InvalidInputException;
use plenigo\models\ProductBase;
use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;
use plenigo\services\UserService;

/**
 * Every public entry point, given an array, an object or a NUL byte where a string belongs,
 * throws an InvalidInputException naming the parameter, and sends nothing.
 */
final class ArgumentTypesTest extends SandboxTestCase
{
    /** @return array<string, array{0: callable(mixed): mixed, 1: string}> a call with one bad argument, and its name */
    public static function parameters(): array
    {
        $c = self::CUSTOMER;
        $p = self::PRODUCT;
        return [
            'configure secret' => [fn ($x) => PlenigoManager::configure($x, self::COMPANY), 'secret'],
            'configure companyId' => [fn ($x) => PlenigoManager::configure(self::SECRET, $x), 'company_id'],
            'configure url' => [fn ($x) => PlenigoManager::configure(self::SECRET, self::COMPANY, false, $x), 'base_url'],
            'requestAppToken customerId' => [fn ($x) => AppManagementService::requestAppToken($x, $p, 'd'), 'customer_id'],
            'requestAppToken productId' => [fn ($x) => AppManagementService::requestAppToken($c, $x, 'd'), 'product_id'],
            'requestAppToken description' => [fn ($x) => AppManagementService::requestAppToken($c, $p, $x), 'description'],
            'requestAppId accessToken' => [fn ($x) => AppManagementService::requestAppId($c, $x), 'access_token'],
            'hasUserBought customerAppId' => [fn ($x) => AppManagementService::hasUserBought($c, $p, $x), 'customer_app_id'],
            'getCustomerApps customerId' => [fn ($x) => AppManagementService::getCustomerApps($x), 'customer_id'],
            'deleteCustomerApp customerAppId' => [fn ($x) => AppManagementService::deleteCustomerApp($c, $x), 'customer_app_id'],
            'registerUser email' => [fn ($x) => UserManagementService::registerUser($x), 'email'],
            'registerUser language' => [fn ($x) => UserManagementService::registerUser('a@example.com', $x), 'language'],
            'registerUser externalUserId' => [fn ($x) => UserManagementService::registerUser('a@example.com', 'en', $x), 'external_user_id'],
            'registerUser firstName' => [fn ($x) => UserManagementService::registerUser('a@example.com', 'en', null, $x), 'first_name'],
            'registerUser name' => [fn ($x) => UserManagementService::registerUser('a@example.com', 'en', null, null, $x), 'name'],
            'createLoginToken customerId' => [fn ($x) => UserManagementService::createLoginToken($x), 'customer_id'],
            'changeEmail email' => [fn ($x) => UserManagementService::changeEmail($c, $x), 'email'],
            'importCustomerAccess customerIds' => [fn ($x) => UserManagementService::importCustomerAccess($c, false, [$x]), 'access_ids'],
            'addExternalCustomerId externalCustomerId' => [fn ($x) => UserManagementService::addExternalCustomerId($c, $x), 'external_user_id'],
            'UserService::hasUserBought productId' => [fn ($x) => UserService::hasUserBought([$x], $c), 'product_ids'],
            'UserService::hasUserBought customerId' => [fn ($x) => UserService::hasUserBought($p, $x), 'customer_id'],
            'ProductBase id' => [fn ($x) => (new CheckoutSnippetBuilder(new ProductBase($x)))->build(), 'product_id'],
            'ProductBase title' => [fn ($x) => (new CheckoutSnippetBuilder(new ProductBase('P1', $x)))->build(), 'title'],
            'build loginToken' => [fn ($x) => (new CheckoutSnippetBuilder(new ProductBase('P1')))->build([], $x), 'login_token'],
            'build targetUrl' => [fn ($x) => (new CheckoutSnippetBuilder(new ProductBase('P1')))->build([], null, false, null, $x), 'target_url'],
            'build affiliateId' => [fn ($x) => (new CheckoutSnippetBuilder(new ProductBase('P1')))->build([], null, false, null, null, $x), 'affiliate_id'],
        ];
    }

    /** @dataProvider parameters */
    public function testArraysObjectsAndNulBytesAreRefusedByName(callable $call, string $parameter): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY);
        foreach ([['x'], new \stdClass(), "x\0y"] as $bad) {
            try {
                $call($bad);
                $this->fail("expected $parameter to be refused for " . get_debug_type($bad));
            } catch (InvalidInputException $e) {
                $this->assertStringContainsString("invalid $parameter:", $e->getMessage());
                $this->assertSame(1, $e->getCode());
            }
        }
        $this->assertSame([], Sandbox::journal(), 'nothing was sent');
    }
}
