<?php
require_once __DIR__ . '/plenigo/Plenigo.php';

use plenigo\models\ProductBase;
use plenigo\services\UserManagementService;
use plenigo\builders\CheckoutSnippetBuilder;

// 1.Step: Configure the PHP SDK: Provide the secret(e.g.Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj) and the company ID(e.g. 23NuCmdPoiRRkQiCqP9Q) from the plengio backend.
\plenigo\PlenigoManager::configure("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj", "23NuCmdPoiRRkQiCqP9Q");

// 2.Step: The product ID.
$product = new ProductBase('EgLUrT56328991046641');

// 3.Step: Creating a checkout.
$checkout = new CheckoutSnippetBuilder($product);

// 4.Step: Fill the data for the registerUser() method.
$email = "test@mail.com"; // The email address.
$language = "en"; // The language.
$externalUserID = "12345"; // The external user ID.
$firstName = "new"; // The first name.
$name = "customer"; // The name.
$withPasswordReset = false; // (Parameter: True) The customer will get a one time password. With this password he can login in the application.
$failByExistingEmail = false; // (Parameter:False)If the customer already registered it will not recreate a the customer it will return the  existing plenigo customer id.
// (Parameter: True): If the customer is already registered it will return the http status 409.  
$registerUser = \plenigo\services\UserManagementService::registerUser($email, $language , $externalUserId, $firstName , $name, $withPasswordReset, $failByExistingEmail);
$userId = UserManagementService::registerUser($email, $language, $externalUserID, $firstName, $name);

// 5.Step: Add login token to this user.
$loginToken = UserManagementService::createLoginToken($userId);

// Setttings e.g. using CSRF Token
$settings = array();

// 6.Step: Add the login token to the checkout snippet builder.
$plenigoCheckoutCode = $checkout->build($settings, $loginToken);
?>
<html>
<head>
    <title> Title of the product </title>
    <!-- import the Plenigo Javascript SDK (here: plenigo-sandbox's stand-in, at PLENIGO_BASE_URL) -->
    <script type="application/javascript"
            src="<?php echo htmlspecialchars(getenv('PLENIGO_BASE_URL')) ?>/static_resources/javascript/23NuCmdPoiRRkQiCqP9Q/plenigo_sdk.min.js"
            data-lang="en">
    </script>
</head>
<body>
<button onclick="<?php echo $plenigoCheckoutCode ?>"> Special offer for you</button>
</body>
</html>
