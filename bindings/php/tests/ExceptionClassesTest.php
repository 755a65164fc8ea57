<?php

namespace plenigo\tests;

use plenigo\exceptions;
use plenigo\internal\exceptions\RegistrationException;
use plenigo\PlenigoException;
use plenigo\PlenigoManager;
use plenigo\services\AppManagementService;
use plenigo\services\UserManagementService;

/** One exception class per kind, each a PlenigoException; 409s also a RegistrationException. */
final class ExceptionClassesTest extends SandboxTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        PlenigoManager::configure(self::SECRET, self::COMPANY);
    }

    /** @return array<string, array{0: callable, 1: class-string, 2: int}> */
    public static function failures(): array
    {
        return [
            'not found' => [fn () => UserManagementService::createLoginToken('99999999'), exceptions\NotFoundException::class, 404],
            'unknown app' => [fn () => AppManagementService::deleteCustomerApp(self::CUSTOMER, 'noSuchApp'), exceptions\NotFoundException::class, 404],
            'not bought' => [fn () => AppManagementService::requestAppToken(self::CUSTOMER, self::OTHER_PRODUCT, 't'), exceptions\PreconditionFailedException::class, 412],
            'used token' => [fn () => AppManagementService::requestAppId(self::CUSTOMER, 'noSuchToken'), exceptions\TokenProblemException::class, 403],
            'invalid input' => [fn () => UserManagementService::registerUser('not-an-email'), exceptions\InvalidInputException::class, 0],
            'invalid UTF-8' => [fn () => UserManagementService::createLoginToken("\xff"), exceptions\InvalidInputException::class, 0],
            'network' => [function () {
                PlenigoManager::configure(self::SECRET, self::COMPANY, false, 'http://127.0.0.1:1');
                UserManagementService::createLoginToken(self::CUSTOMER);
            }, exceptions\NetworkException::class, 0],
            'unauthorized' => [function () {
                PlenigoManager::configure('WrongSecretWrongSecretWrongSecret', self::COMPANY);
                UserManagementService::createLoginToken(self::CUSTOMER);
            }, exceptions\UnauthorizedException::class, 401],
            'server' => [function () {
                Sandbox::fault(['path' => '/api/v2/access/app', 'status' => 500, 'count' => 3]);
                AppManagementService::getCustomerApps(self::CUSTOMER);
            }, exceptions\ServerException::class, 500],
        ];
    }

    /** @dataProvider failures */
    public function testEachKindHasItsClass(callable $call, string $class, int $httpStatus): void
    {
        try {
            $call();
            $this->fail("expected $class");
        } catch (PlenigoException $e) {
            $this->assertSame($class, get_class($e), $e->getMessage());
            $this->assertSame($httpStatus, $e->getHttpStatus());
            $this->assertNotInstanceOf(RegistrationException::class, $e);
        }
    }

    /** register, change e-mail and add external ID: a 409 is caught as in plenigo's official SDK. */
    public function testConflictsAreRegistrationExceptions(): void
    {
        $conflicts = [
            fn () => UserManagementService::registerUser('customer56202510@example.com', 'en', null, null, null, false, true),
            fn () => UserManagementService::changeEmail('A1BKAFZZ3H0H', 'customer56202510@example.com'),
            function () {
                UserManagementService::addExternalCustomerId(self::CUSTOMER, '12345');
                UserManagementService::addExternalCustomerId(self::CUSTOMER, '67890');
            },
        ];
        foreach ($conflicts as $call) {
            try {
                $call();
                $this->fail('expected a conflict');
            } catch (RegistrationException $e) {
                $this->assertInstanceOf(exceptions\ConflictException::class, $e);
                $this->assertInstanceOf(PlenigoException::class, $e);
                $this->assertSame(409, $e->getHttpStatus());
                $this->assertSame(1, $e->getCode(), 'plenigo code kept');
                $this->assertSame('CONFLICT', $e->getKind());
            }
        }
    }

    public function testNotConfiguredIsAPlenigoException(): void
    {
        $property = new \ReflectionProperty(PlenigoManager::class, 'client');
        $property->setValue(null, null);
        $this->expectException(PlenigoException::class);
        $this->expectExceptionMessage('configure');
        UserManagementService::createLoginToken(self::CUSTOMER);
    }
}
