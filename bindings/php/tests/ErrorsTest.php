<?php

namespace plenigo\tests;

use plenigo\PlenigoException;
use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

/** Every failure is a PlenigoException with plenigo's code, the HTTP status and a kind. */
final class ErrorsTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        PlenigoManager::configure(self::SECRET, self::COMPANY);
    }

    public function testWrongSecretIs401WithCode4(): void
    {
        PlenigoManager::configure('WrongSecretWrongSecretWrongSecret', self::COMPANY);
        $e = $this->expectFailure(
            fn () => AppManagementService::hasUserBought(self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP),
            4,
            401,
            'UNAUTHORIZED',
        );
        $this->assertStringNotContainsString('WrongSecretWrongSecretWrongSecret', $e->getMessage() . $e->getTraceAsString());
    }

    public function testUnknownCompanyIs401(): void
    {
        PlenigoManager::configure(self::SECRET, 'NoSuchCompany');
        $this->expectFailure(fn () => UserManagementService::createLoginToken(self::CUSTOMER), 4, 401, 'UNAUTHORIZED');
    }

    public function testProductNotBoughtIs412(): void
    {
        $this->expectFailure(
            fn () => AppManagementService::requestAppToken(self::CUSTOMER, self::OTHER_PRODUCT, 'test'),
            11,
            412,
            'PRECONDITION_FAILED',
        );
    }

    public function testTooManyAppsIs423(): void
    {
        // The fixture allows 10 parallel app accesses; the customer holds one.
        for ($i = 0; $i < 9; $i++) {
            AppManagementService::requestAppId(self::CUSTOMER, AppManagementService::requestAppToken(self::CUSTOMER, self::PRODUCT, "app $i"));
        }
        $this->assertCount(10, AppManagementService::getCustomerApps(self::CUSTOMER));
        $this->expectFailure(
            fn () => AppManagementService::requestAppToken(self::CUSTOMER, self::PRODUCT, 'one too many'),
            12,
            423,
            'LIMIT_REACHED',
        );
    }

    public function testConflictIs409(): void
    {
        $this->expectFailure(
            fn () => UserManagementService::registerUser('customer56202510@example.com', 'en', null, null, null, false, true),
            1,
            409,
            'CONFLICT',
        );
    }

    public function testNotFoundIs404(): void
    {
        $this->expectFailure(fn () => AppManagementService::deleteCustomerApp(self::CUSTOMER, 'noSuchApp'), 19, 404, 'NOT_FOUND');
        $this->expectFailure(fn () => UserManagementService::createLoginToken('99999999'), 18, 404, 'NOT_FOUND');
        $this->expectFailure(fn () => UserManagementService::changeEmail('99999999', 'a@example.com'), 18, 404, 'NOT_FOUND');
        $this->expectFailure(fn () => UserManagementService::importCustomerAccess('99999999', false, 'x'), 18, 404, 'NOT_FOUND');
    }

    public function testServerErrorIs500WithCode10(): void
    {
        Sandbox::fault(['path' => '/api/v2/access/app', 'status' => 500, 'count' => 3]);
        $this->expectFailure(fn () => AppManagementService::getCustomerApps(self::CUSTOMER), 10, 500, 'SERVER');
    }

    public function testNetworkFailureHasCode5(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY, false, 'http://127.0.0.1:1');
        $e = $this->expectFailure(fn () => UserManagementService::createLoginToken(self::CUSTOMER), 5, 0, 'NETWORK');
        $this->assertFalse($e->isOutcomeUnknown(), "nothing was sent");
    }

    /** Input is refused before any request, naming the field. */
    public function testInvalidInputNamesTheFieldAndSendsNothing(): void
    {
        $cases = [
            'email' => fn () => UserManagementService::registerUser('not-an-email'),
            'language' => fn () => UserManagementService::registerUser('a@example.com', 'english'),
            'customer_id' => fn () => AppManagementService::getCustomerApps(''),
            'description' => fn () => AppManagementService::requestAppToken(self::CUSTOMER, self::PRODUCT, ''),
            'access_ids' => fn () => UserManagementService::importCustomerAccess(self::CUSTOMER, false, []),
            'use_external_customer_id' => fn () => UserManagementService::createLoginToken(self::CUSTOMER, 'maybe'),
            'external_user_id' => fn () => UserManagementService::addExternalCustomerId(self::CUSTOMER, ['not', 'a', 'string']),
            'product_id' => fn () => AppManagementService::hasUserBought(self::CUSTOMER, "Rg\0KU", self::FIXTURE_APP),
        ];
        foreach ($cases as $field => $call) {
            $e = $this->expectFailure($call, 1, 0, 'INVALID_INPUT');
            $this->assertStringContainsString($field, $e->getMessage());
        }
        $e = $this->expectFailure(
            fn () => UserManagementService::importCustomerAccess(self::CUSTOMER, false, ['1', '2', '3', '4', '5']),
            1,
            0,
            'INVALID_INPUT',
        );
        $this->assertStringContainsString('access_ids', $e->getMessage());
        $e = $this->expectFailure(fn () => UserManagementService::createLoginToken("\xff\xfe"), 1, 0, 'INVALID_UTF8');
        $this->assertStringContainsString('customer_id', $e->getMessage());
        $this->assertSame([], Sandbox::journal(), 'nothing was sent');
    }

    public function testBadConfigurationIsRefusedWithoutLeakingTheSecret(): void
    {
        $e = $this->expectFailure(fn () => PlenigoManager::configure(self::SECRET, self::COMPANY, false, 'http://api.example.com'), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('base_url', $e->getMessage());
        $this->assertFalse(PlenigoManager::isConfigured());
        $e = $this->expectFailure(fn () => PlenigoManager::configure(self::SECRET, ''), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('company_id', $e->getMessage());
        $e = $this->expectFailure(fn () => PlenigoManager::configure("sec\0ret", self::COMPANY), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('secret', $e->getMessage());
    }

    public function testExceptionIsAPlenigoException(): void
    {
        try {
            UserManagementService::createLoginToken('99999999');
            $this->fail('expected an exception');
        } catch (\Exception $e) {
            $this->assertInstanceOf(PlenigoException::class, $e);
            $this->assertSame(18, $e->getCode());
        }
    }
}
