<?php

namespace plenigo\tests;

use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;
use plenigo\services\UserService;

/** UserService::hasUserBought (has-bought-product) and the official SDK's getters. */
final class UserServiceTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        PlenigoManager::configure(self::SECRET, self::COMPANY);
    }

    public function testHasUserBought(): void
    {
        $this->assertTrue(UserService::hasUserBought(self::PRODUCT, self::CUSTOMER));
        $this->assertFalse(UserService::hasUserBought(self::OTHER_PRODUCT, self::CUSTOMER));
        // Any of several products.
        $this->assertTrue(UserService::hasUserBought([self::OTHER_PRODUCT, self::PRODUCT], self::CUSTOMER));
        $request = Sandbox::journal()[2];
        $this->assertStringContainsString('productId=' . self::OTHER_PRODUCT . '%2C' . self::PRODUCT, $request['path'] . '?' . ($request['query'] ?? ''));
    }

    public function testHasUserBoughtByExternalAndAccessIds(): void
    {
        UserManagementService::addExternalCustomerId(self::CUSTOMER, 'ext-1');
        UserManagementService::importCustomerAccess(self::CUSTOMER, false, ['crm-1']);
        $this->assertTrue(UserService::hasUserBought(self::PRODUCT, 'ext-1', true));
        $this->assertTrue(UserService::hasUserBought(self::PRODUCT, 'crm-1'));
        $this->assertFalse(UserService::hasUserBought(self::PRODUCT, 'ext-1', 'false'));
    }

    public function testFailuresThrowAndBadInputSendsNothing(): void
    {
        $this->expectFailure(fn () => UserService::hasUserBought([], self::CUSTOMER), 1, 0, 'INVALID_INPUT');
        $e = $this->expectFailure(fn () => UserService::hasUserBought(new \stdClass(), self::CUSTOMER), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('product_ids', $e->getMessage());
        $e = $this->expectFailure(fn () => UserService::hasUserBought(self::PRODUCT, ['x']), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('customer_id', $e->getMessage());
        $e = $this->expectFailure(fn () => UserService::hasUserBought(self::PRODUCT, self::CUSTOMER, []), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('use_external_customer_id', $e->getMessage());
        $this->assertSame([], Sandbox::journal());
        PlenigoManager::configure('WrongSecretWrongSecretWrongSecret', self::COMPANY);
        $this->expectFailure(fn () => UserService::hasUserBought(self::PRODUCT, self::CUSTOMER), 4, 401, 'UNAUTHORIZED');
    }

    /** configure() on every "page" hands out the process's client: one connection for all. */
    public function testConfigureReusesTheProcessClient(): void
    {
        UserService::hasUserBought(self::PRODUCT, self::CUSTOMER);
        $connections = Sandbox::connections()['api'];
        for ($page = 0; $page < 5; $page++) {
            PlenigoManager::configure(self::SECRET, self::COMPANY);
            $this->assertTrue(UserService::hasUserBought(self::PRODUCT, self::CUSTOMER));
        }
        $this->assertSame($connections, Sandbox::connections()['api']);
        // Another secret is another client, with a connection of its own.
        PlenigoManager::configure(self::SECRET2, self::COMPANY);
        $this->assertTrue(UserService::hasUserBought(self::PRODUCT, self::CUSTOMER));
        $this->assertSame($connections + 1, Sandbox::connections()['api']);
    }

    public function testOfficialSdkGetters(): void
    {
        $token = AppManagementService::requestAppToken(self::CUSTOMER, self::PRODUCT, 'test');
        $this->assertSame($token->getToken(), $token->getAppToken());
        $this->assertNotSame('', $token->getAppToken());
    }
}
