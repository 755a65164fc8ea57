<?php

namespace plenigo\tests;

use plenigo\exceptions;
use plenigo\PlenigoManager;
use plenigo\services\UserManagementService;

/** The External User Management document's calls, with its sample values, against the fixture. */
final class UserManagementTest extends SandboxTestCase
{
    public function testRegisterUser(): void
    {
        $secret = 'QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj';
        $companyId = '12NuCmdZUTRRkQiCqP2Q';
        \plenigo\PlenigoManager::configure($secret, $companyId);

        $email = "testAddNewUser@mail.com";
        $language = "en";
        $externalUserId = "A1BKAFZZ3H0H";
        $firstName = "new";
        $name = "user";
        $withPasswordReset = false;
        $failByExistingEmail = false;
        $registerUser = \plenigo\services\UserManagementService::registerUser($email, $language, $externalUserId, $firstName, $name, $withPasswordReset, $failByExistingEmail);

        $this->assertMatchesRegularExpression('/^\d+$/', $registerUser);
        $customer = Sandbox::customer($companyId, $registerUser);
        $this->assertSame('testaddnewuser@mail.com', strtolower($customer['email']));
        $this->assertSame('en', $customer['language']);
        $this->assertSame('A1BKAFZZ3H0H', $customer['externalUserId']);
        $this->assertSame('new', $customer['firstName']);
        $this->assertSame('user', $customer['name']);

        // failByExistingEmail = false: the existing customer's ID comes back.
        $this->assertSame($registerUser, UserManagementService::registerUser($email));
        // failByExistingEmail = true: HTTP 409.
        $this->expectFailure(
            fn () => UserManagementService::registerUser($email, 'en', null, null, null, false, true),
            1,
            409,
            'CONFLICT',
        );
    }

    public function testCreateLoginToken(): void
    {
        \plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '12NuCmdZUTRRkQiCqP2Q');
        $customerId = '56202510';
        $useExternalCustomerId = false;
        $loginToken = \plenigo\services\UserManagementService::createLoginToken($customerId, $useExternalCustomerId);

        $state = Sandbox::loginToken($loginToken);
        $this->assertSame('12NuCmdZUTRRkQiCqP2Q', $state['companyId']);
        $this->assertSame('56202510', $state['customerId']);
        $this->assertFalse($state['expired']);
        $this->assertTrue(Sandbox::redeem($loginToken));
        $this->assertFalse(Sandbox::redeem($loginToken), 'a login token is redeemed once');
    }

    public function testTheCheckoutUseCase(): void
    {
        \plenigo\PlenigoManager::configure("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj", "23NuCmdPoiRRkQiCqP9Q");
        $email = "test@mail.com";
        $language = "en";
        $externalUserID = "12345";
        $firstName = "new";
        $name = "customer";
        $withPasswordReset = false;
        $failByExistingEmail = false;
        // The document passes $externalUserId here, which it never set (it set $externalUserID).
        $externalUserId = null;
        $registerUser = \plenigo\services\UserManagementService::registerUser($email, $language, $externalUserId, $firstName, $name, $withPasswordReset, $failByExistingEmail);
        $userId = UserManagementService::registerUser($email, $language, $externalUserID, $firstName, $name);
        $this->assertSame($registerUser, $userId, 'the same e-mail gives the same customer');

        $loginToken = UserManagementService::createLoginToken($userId);
        $this->assertSame($userId, Sandbox::loginToken($loginToken)['customerId']);
        $this->assertSame('23NuCmdPoiRRkQiCqP9Q', Sandbox::loginToken($loginToken)['companyId']);
    }

    public function testChangeEmail(): void
    {
        $secret = 'Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj';
        $companyId = '23NuCmdPoiRRkQiCqP9Q';
        // The document configures with $companyID, which it never set: that is refused.
        $companyID = null;
        $this->expectFailure(fn () => \plenigo\PlenigoManager::configure($secret, $companyID), 1, 0, 'NULL_POINTER');
        $this->assertFalse(PlenigoManager::isConfigured());
        $this->expectFailure(fn () => UserManagementService::changeEmail('A1BKAFZZ3H0H', 'x@mail.com'), 1, 0, 'INVALID_INPUT');

        \plenigo\PlenigoManager::configure($secret, $companyId);
        $customerId = "A1BKAFZZ3H0H";
        $email = "testChangeEMail@mail.com";
        // The document passes $useExternalCustomerID, which it never set: null counts as false.
        $useExternalCustomerID = null;
        $changeEmail = \plenigo\services\UserManagementService::changeEmail($customerId, $email, $useExternalCustomerID);

        $this->assertTrue($changeEmail);
        $this->assertSame('testchangeemail@mail.com', strtolower(Sandbox::customer($companyId, $customerId)['email']));
        // The address is now taken.
        $this->expectFailure(fn () => UserManagementService::changeEmail('56202510', $email), 1, 409, 'CONFLICT');
    }

    public function testImportCustomerAccess(): void
    {
        $secret = 'Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj';
        $companyId = '23NuCmdPoiRRkQiCqP9Q';
        \plenigo\PlenigoManager::configure($secret, $companyId);
        $customerId = 'A1BKAFZZ3H0H';
        $isExternal = 'false';
        $customerIds = '12345';
        $importCustomerAccess = UserManagementService::importCustomerAccess($customerId, $isExternal, $customerIds);

        $this->assertTrue($importCustomerAccess);
        $this->assertSame(['12345'], Sandbox::customer($companyId, $customerId)['accessIds']);
        $request = json_decode(Sandbox::journal()[0]['body'], true);
        $this->assertFalse($request['useExternalCustomerId']);
        $this->assertSame('12345', $request['yourFirstIdentifier']);

        // Up to four IDs as an array.
        $this->assertTrue(UserManagementService::importCustomerAccess('56202510', false, ['crm-1', 'billing-2', 'erp-3', 'shop-4']));
        $this->assertSame(['crm-1', 'billing-2', 'erp-3', 'shop-4'], Sandbox::customer($companyId, '56202510')['accessIds']);
    }

    public function testAddExternalCustomerId(): void
    {
        $secret = 'Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj';
        $companyId = '23NuCmdPoiRRkQiCqP9Q';
        \plenigo\PlenigoManager::configure($secret, $companyId);
        $customerId = '56202510';
        $externalCustomerId = '12345';
        $addExternalCustomerId = UserManagementService::addExternalCustomerId($customerId, $externalCustomerId);

        $this->assertTrue($addExternalCustomerId);
        $this->assertSame('12345', Sandbox::customer($companyId, $customerId)['externalUserId']);
        // The external ID now identifies the customer.
        $token = UserManagementService::createLoginToken('12345', true);
        $this->assertSame('56202510', Sandbox::loginToken($token)['customerId']);
        // The customer has one already: HTTP 409.
        $this->expectFailure(fn () => UserManagementService::addExternalCustomerId($customerId, '67890'), 1, 409, 'CONFLICT');
    }

    public function testChangeAddress(): void
    {
        \plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '12NuCmdZUTRRkQiCqP2Q');
        $address = [
            'gender' => 'female',
            'firstName' => 'Jane',
            'name' => 'Doe',
            'street' => 'Hauptstr. 1',
            'additionalAddressInfo' => '2nd floor',
            'postCode' => '10115',
            'city' => 'Berlin',
            'country' => 'DE',
        ];
        $this->assertTrue(UserManagementService::changeAddress('56202510', $address));
        $expected = ['gender' => 'FEMALE'] + $address;
        $stored = Sandbox::customer('12NuCmdZUTRRkQiCqP2Q', '56202510')['address'];
        ksort($expected);
        ksort($stored);
        $this->assertSame($expected, $stored);

        // By external ID, with only the required gender (the rest unset).
        $customerId = UserManagementService::registerUser('moved@example.com', 'de', 'ext-moved');
        $this->assertTrue(UserManagementService::changeAddress('ext-moved', ['gender' => 'DIVERSE'], true));
        $stored = Sandbox::customer('12NuCmdZUTRRkQiCqP2Q', $customerId)['address'];
        $this->assertSame('DIVERSE', $stored['gender']);
        $this->assertNull($stored['street']);
    }

    public function testChangeAddressRefusesInvalidAddressesAndUnknownCustomers(): void
    {
        \plenigo\PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '12NuCmdZUTRRkQiCqP2Q');
        $invalid = [
            'gender' => ['gender' => 'unknown', 'city' => 'Berlin'],
            'country' => ['gender' => 'MALE', 'street' => 'Hauptstr. 1'],
            'phone' => ['gender' => 'MALE', 'phone' => '030 123'],
        ];
        foreach ($invalid as $field => $address) {
            $e = $this->expectFailure(fn () => UserManagementService::changeAddress('56202510', $address), 1, 0, 'INVALID_INPUT');
            $this->assertInstanceOf(exceptions\InvalidInputException::class, $e);
            $this->assertStringContainsString($field, $e->getMessage());
        }
        $e = $this->expectFailure(fn () => UserManagementService::changeAddress('56202510', ['city' => 'Berlin']), 1, 0, 'NULL_POINTER');
        $this->assertInstanceOf(exceptions\InvalidInputException::class, $e);
        $this->assertStringContainsString('gender', $e->getMessage());
        $e = $this->expectFailure(fn () => UserManagementService::changeAddress('56202510', 'Hauptstr. 1'), 1, 0, 'INVALID_INPUT');
        $this->assertStringContainsString('address', $e->getMessage());
        $this->assertSame([], Sandbox::journal(), 'nothing was sent');
        $this->assertNull(Sandbox::customer('12NuCmdZUTRRkQiCqP2Q', '56202510')['address']);

        $e = $this->expectFailure(fn () => UserManagementService::changeAddress('99999999', ['gender' => 'MALE']), 18, 404, 'NOT_FOUND');
        $this->assertInstanceOf(exceptions\NotFoundException::class, $e);
        $this->expectFailure(fn () => UserManagementService::changeAddress('no-such-id', ['gender' => 'MALE'], true), 18, 404, 'NOT_FOUND');
    }
}
