<?php
// php has-bought.php CUSTOMER_ID [test|live]: prints true or false, whether the customer bought
// the checkout page's product (EgLUrT56328991046641), asked through the SDK with the page's
// company. The browser test's check after "Buy".
require dirname(__DIR__, 2) . '/autoload.php';

\plenigo\PlenigoManager::configure('Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj', '23NuCmdPoiRRkQiCqP9Q', ($argv[2] ?? 'live') === 'test');
echo \plenigo\services\UserService::hasUserBought('EgLUrT56328991046641', $argv[1] ?? '') ? "true\n" : "false\n";
