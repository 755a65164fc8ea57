<?php
// PlenigoManager::setLogger() in a Composer project (php logging.php PROJECT): with psr/log
// installed a logger must be a Psr\Log\LoggerInterface; without it any object with log().
require $argv[1] . '/vendor/autoload.php';

use plenigo\PlenigoManager;
use plenigo\services\UserService;

PlenigoManager::configure('QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj', '23NuCmdPoiRRkQiCqP9Q');
if (interface_exists(\Psr\Log\LoggerInterface::class)) {
    echo "psr/log: installed\n";
    $logger = new class () extends \Psr\Log\AbstractLogger {
        /** @var list<string> */
        public array $lines = [];

        public function log($level, $message, array $context = []): void
        {
            $this->lines[] = "$level $message";
        }
    };
} else {
    echo "psr/log: not installed\n";
    $logger = new class () {
        /** @var list<string> */
        public array $lines = [];

        public function log($level, $message, array $context = []): void
        {
            $this->lines[] = "$level $message";
        }
    };
}
PlenigoManager::setLogger($logger, 'debug');
UserService::hasUserBought('RgKUHT78563989856641', '56202510');
PlenigoManager::setLogger(null, 'off');
echo 'logged: ', preg_replace('/\d+ ms/', 'N ms', $logger->lines[0] ?? 'nothing'), "\n";

$duck = new class () {
    public function log($level, $message, array $context = []): void
    {
    }
};
try {
    PlenigoManager::setLogger($duck, 'debug');
    PlenigoManager::setLogger(null, 'off');
    echo "a logger with log() but no LoggerInterface: accepted\n";
} catch (\plenigo\exceptions\InvalidInputException $e) {
    echo 'a logger with log() but no LoggerInterface: ', $e->getMessage(), "\n";
}
