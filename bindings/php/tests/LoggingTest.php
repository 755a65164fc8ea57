<?php

namespace plenigo\tests;

use plenigo\PlenigoException;
use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

/** The SDK's log lines reach a PSR-3 style logger on the calling thread, without secrets. */
final class LoggingTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        PlenigoManager::configure(self::SECRET, self::COMPANY);
    }

    protected function tearDown(): void
    {
        PlenigoManager::setLogger(null, 'off');
    }

    public function testARetriedRequestIsLoggedWithoutSecretsAndLoggingTurnsOff(): void
    {
        $logger = new class () {
            /** @var list<array{string, string, array<string, mixed>}> */
            public array $lines = [];

            /** @param array<string, mixed> $context */
            public function log(string $level, string|\Stringable $message, array $context = []): void
            {
                $this->lines[] = [$level, (string) $message, $context];
            }
        };
        PlenigoManager::setLogger($logger, 'debug');
        Sandbox::fault(['path' => '/api/v2/access/app/', 'status' => 503, 'retryAfter' => '0']);
        self::assertTrue(AppManagementService::hasUserBought(self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP));

        self::assertCount(2, $logger->lines);
        $route = 'GET /access/app/{customerId}/{productId}/{customerAppId}';
        self::assertSame('info', $logger->lines[0][0]);
        self::assertStringStartsWith("$route -> HTTP 503 (attempt 1, ", $logger->lines[0][1]);
        self::assertStringContainsString('retrying in 0 ms', $logger->lines[0][1]);
        self::assertSame('debug', $logger->lines[1][0]);
        self::assertStringStartsWith("$route -> HTTP 200 (attempt 2, ", $logger->lines[1][1]);
        foreach ($logger->lines as [, $line]) {
            foreach ([self::SECRET, self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP, 'eyJ'] as $secret) {
                self::assertStringNotContainsString($secret, $line);
            }
        }

        PlenigoManager::setLogger($logger, 'warning');
        AppManagementService::getCustomerApps(self::CUSTOMER);
        PlenigoManager::setLogger(null, 'off');
        AppManagementService::getCustomerApps(self::CUSTOMER);
        self::assertCount(2, $logger->lines);
    }

    public function testALoggerThatThrowsNeverFailsTheCall(): void
    {
        $logger = new class () {
            public int $calls = 0;

            /** @param array<string, mixed> $context */
            public function log(string $level, string|\Stringable $message, array $context = []): void
            {
                $this->calls++;
                throw new \RuntimeException('the log is full');
            }
        };
        PlenigoManager::setLogger($logger, 'debug');
        $token = UserManagementService::createLoginToken(self::CUSTOMER);

        self::assertSame(1, $logger->calls, 'the logger was called and threw');
        self::assertSame(self::CUSTOMER, Sandbox::loginToken($token)['customerId']);
        self::assertCount(1, Sandbox::journal(), 'one request, not retried');
        // A retried read: both attempts logged, the answer unchanged.
        Sandbox::fault(['path' => '/api/v2/access/app/', 'status' => 503, 'retryAfter' => '0']);
        self::assertTrue(AppManagementService::hasUserBought(self::CUSTOMER, self::PRODUCT, self::FIXTURE_APP));
        self::assertSame(3, $logger->calls);
    }

    public function testBadLevelsAndLoggersAreRefused(): void
    {
        $this->expectException(PlenigoException::class);
        PlenigoManager::setLogger(new \stdClass(), 'debug');
    }

    public function testAnUnknownLevelIsRefused(): void
    {
        $this->expectException(PlenigoException::class);
        PlenigoManager::setLogger(null, 'loud');
    }
}
