<?php

namespace plenigo\tests;

use plenigo\PlenigoManager;
use plenigo\services\AppAccessData;
use plenigo\services\AppAccessToken;
use plenigo\services\AppManagementService;

/** The App Management document's calls, with its sample values, against the fixture. */
final class AppManagementTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        // As in the documentation: no URL, so PLENIGO_BASE_URL (the sandbox) is used.
        PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '23NuCmdPoiRRkQiCqP9Q');
    }

    public function testBaseUrlComesFromTheEnvironment(): void
    {
        $this->assertStringStartsWith(Sandbox::url(), PlenigoManager::getBaseUrl());
    }

    public function testRequestAppTokenReturnsTheDocumentedObject(): void
    {
        $appAccessToken = AppManagementService::requestAppToken('56202510', 'RgKUHT78563989856641', 'test');

        $this->assertInstanceOf(AppAccessToken::class, $appAccessToken);
        $this->assertSame('56202510', $appAccessToken->getCustomerId());
        $this->assertSame('test', $appAccessToken->getDescription());
        $this->assertMatchesRegularExpression('/^\d{10}$/', $appAccessToken->getToken());
        $this->assertNotSame(self::FIXTURE_TOKEN, $appAccessToken->getToken());
        $this->assertSame($appAccessToken->getToken(), $appAccessToken->token);
        $this->assertSame(
            ['customerId' => '56202510', 'token' => $appAccessToken->token, 'description' => 'test'],
            json_decode(json_encode($appAccessToken), true),
        );
    }

    public function testRequestAppIdWithTheTokenObjectOrString(): void
    {
        $appAccessToken = AppManagementService::requestAppToken('56202510', 'RgKUHT78563989856641', 'test');
        $appAccessData = AppManagementService::requestAppId('56202510', $appAccessToken);

        $this->assertInstanceOf(AppAccessData::class, $appAccessData);
        $this->assertSame('56202510', $appAccessData->getCustomerId());
        $this->assertSame('test', $appAccessData->getDescription());
        $this->assertSame('RgKUHT78563989856641', $appAccessData->getProductId());
        $this->assertMatchesRegularExpression('/^[A-Za-z0-9]{40}$/', $appAccessData->getCustomerAppId());
        $this->assertSame(
            ['customerId', 'customerAppId', 'productId', 'description'],
            array_keys($appAccessData->jsonSerialize()),
        );

        // The fixture's unused token (the one the document shows) works as a plain string.
        $fromString = AppManagementService::requestAppId('56202510', '6176437516');
        $this->assertSame('RgKUHT78563989856641', $fromString->productId);
        $this->assertNotSame($appAccessData->customerAppId, $fromString->customerAppId);

        // A token is single-use.
        $this->expectFailure(fn () => AppManagementService::requestAppId('56202510', $appAccessToken), 13, 403, 'TOKEN_PROBLEM');
    }

    public function testTheDocumentsRequestAppIdSlipPassesTheProductIdAsToken(): void
    {
        // The document calls requestAppId($customerId, $productId): plenigo rejects it.
        $customerId = '56202510';
        $productId = 'RgKUHT78563989856641';
        $e = $this->expectFailure(fn () => AppManagementService::requestAppId($customerId, $productId), 13, 403, 'TOKEN_PROBLEM');
        $this->assertStringContainsString('token', $e->getMessage());
    }

    public function testHasUserBought(): void
    {
        $customerId = '56202510';
        $productId = 'RgKUHT78563989856641';
        $customerAppId = 'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G';
        $this->assertTrue(AppManagementService::hasUserBought($customerId, $productId, $customerAppId));
        // Another product through the same app: plenigo denies access, which is false.
        $this->assertFalse(AppManagementService::hasUserBought($customerId, self::OTHER_PRODUCT, $customerAppId));
        $this->assertFalse(AppManagementService::hasUserBought($customerId, $productId, 'unknownApp'));
    }

    public function testGetCustomerApps(): void
    {
        $appsData = AppManagementService::getCustomerApps('56202510');
        $this->assertCount(1, $appsData);
        $this->assertEquals(
            new AppAccessData('56202510', self::FIXTURE_APP, 'RgKUHT78563989856641', 'test'),
            $appsData[0],
        );

        $added = AppManagementService::requestAppId('56202510', '6176437516');
        $ids = array_map(fn (AppAccessData $a) => $a->getCustomerAppId(), AppManagementService::getCustomerApps('56202510'));
        $this->assertEqualsCanonicalizing([self::FIXTURE_APP, $added->customerAppId], $ids);
    }

    public function testTheDocumentsGetCustomerAppsSlipAsksForTheLiteralCustomerId(): void
    {
        // The document passes the string "customerId" instead of $customerId: nobody by that ID has apps.
        $this->assertSame([], AppManagementService::getCustomerApps("customerId"));
    }

    public function testDeleteCustomerApp(): void
    {
        $customerId = '56202510';
        $customerAppId = 'ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G';
        $this->assertTrue(AppManagementService::deleteCustomerApp($customerId, $customerAppId));

        $this->assertSame([], AppManagementService::getCustomerApps($customerId));
        $this->assertFalse(AppManagementService::hasUserBought($customerId, 'RgKUHT78563989856641', $customerAppId));
        $this->expectFailure(fn () => AppManagementService::deleteCustomerApp($customerId, $customerAppId), 19, 404, 'NOT_FOUND');
    }

    public function testTestModeKeepsItsOwnApps(): void
    {
        PlenigoManager::configure(self::SECRET, self::COMPANY, true);
        $token = AppManagementService::requestAppToken('56202510', 'RgKUHT78563989856641', 'test mode');
        $app = AppManagementService::requestAppId('56202510', $token);
        PlenigoManager::configure(self::SECRET, self::COMPANY, 'false');
        $ids = array_map(fn (AppAccessData $a) => $a->customerAppId, AppManagementService::getCustomerApps('56202510'));
        $this->assertNotContains($app->customerAppId, $ids);
        $firstRequest = json_decode(Sandbox::journal()[0]['body'], true);
        $this->assertSame('true', $firstRequest['testMode']);
    }
}
