<?php

namespace plenigo\tests;

use plenigo\exceptions;
use plenigo\internal\exceptions\RegistrationException;
use plenigo\internal\Native;
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
            'invalid UTF-8' => [fn () => UserManagementService::createLoginToken("\xff"), exceptions\InvalidUtf8Exception::class, 0],
            'null argument' => [fn () => UserManagementService::createLoginToken(null), exceptions\NullPointerException::class, 0],
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

    /**
     * Every status the library names has its class, found from the name alone; the kinds of
     * invalid input are all InvalidInputExceptions.
     */
    public function testEveryStatusTheLibraryNamesHasItsClass(): void
    {
        $named = [];
        for ($status = 0; $status <= 200; $status++) {
            $name = Native::statusName($status);
            if ($name === null || $status === 0) { // 0 is success, never thrown
                continue;
            }
            $this->assertStringStartsWith('PLENIGO_STATUS_', $name);
            $kind = substr($name, strlen('PLENIGO_STATUS_'));
            $class = 'plenigo\\exceptions\\' . str_replace('_', '', ucwords(strtolower($kind), '_')) . 'Exception';
            $this->assertTrue(class_exists($class), "$name ($status) has no class $class");
            $e = PlenigoException::of('message', 1, 0, $status);
            $this->assertSame($class, get_class($e), $name);
            $this->assertSame($kind, $e->getKind());
            $named[$kind] = $status;
        }
        $this->assertSame('PLENIGO_STATUS_OK', Native::statusName(0));
        $this->assertSame(6, $named['NOT_FOUND'] ?? null);
        $this->assertCount(16, $named);
        foreach (['INVALID_INPUT', 'NULL_POINTER', 'INVALID_UTF8'] as $kind) {
            $this->assertInstanceOf(exceptions\InvalidInputException::class, PlenigoException::of('m', 1, 0, $named[$kind]));
        }
        $this->assertSame(PlenigoException::class, get_class(PlenigoException::of('m', 10, 0, PlenigoException::SETUP)));
        $this->assertSame('SETUP', PlenigoException::of('m', 10, 0, PlenigoException::SETUP)->getKind());
        $this->assertSame('UNKNOWN', PlenigoException::of('m', 1, 0, 9999)->getKind());
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
