<?php

namespace plenigo\tests;

use plenigo\PlenigoException;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

/**
 * Hostile answers reach PHP as typed exceptions, and access checks fail closed (the Rust
 * tests in tests/hostile.rs own the full catalogue; this is the PHP side of it).
 */
final class HostileTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        \plenigo\PlenigoManager::configure(self::SECRET, self::COMPANY);
    }

    /** @return array<string, array{string}> */
    public static function unreadableAnswers(): array
    {
        return [
            'string false' => ['{"accessGranted":"false"}'],
            'null' => ['{"accessGranted":null}'],
            'empty object' => ['{}'],
            'html' => ['<html>Welcome</html>'],
        ];
    }

    /** @dataProvider unreadableAnswers */
    public function testHasBoughtProductNeverGrantsOnAnUnreadableAnswer(string $body): void
    {
        Sandbox::fault(['path' => '/api/v2/user/product', 'body' => $body]);
        try {
            \plenigo\services\UserService::hasUserBought(self::PRODUCT, self::CUSTOMER);
            self::fail('granted on ' . $body);
        } catch (\plenigo\exceptions\InvalidResponseException $e) {
            self::assertSame(200, $e->getHttpStatus());
        }
    }

    public function testHasUserBoughtDeniesOnAnExplicitFalse(): void
    {
        Sandbox::fault(['path' => '/api/v2/access/app/', 'body' => '{"accessGranted":false}']);
        self::assertFalse(AppManagementService::hasUserBought(self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP));
    }

    public function testAResetPostIsANetworkErrorWithAnUnknownOutcome(): void
    {
        Sandbox::fault(['path' => '/api/v2/externalUser/register', 'reset' => true]);
        try {
            UserManagementService::registerUser('lost@example.com', 'en');
            self::fail('no exception');
        } catch (\plenigo\exceptions\NetworkException $e) {
            self::assertTrue($e->isOutcomeUnknown());
        }
    }

    public function testMadeUpLanguagesAreRefusedBeforeSending(): void
    {
        foreach (['zz', 'xx', 'qq'] as $language) {
            try {
                UserManagementService::registerUser('x@example.com', $language);
                self::fail("accepted $language");
            } catch (PlenigoException $e) {
                self::assertStringContainsString('language', $e->getMessage());
                self::assertSame(1, $e->getCode());
            }
        }
        self::assertSame([], Sandbox::journal());
    }
}
