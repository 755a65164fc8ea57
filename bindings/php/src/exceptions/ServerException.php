<?php

namespace plenigo\exceptions;

/** The server failed (HTTP 5xx, code 10 for 500). */
class ServerException extends \plenigo\PlenigoException
{
}
