<?php

namespace plenigo\exceptions;

/** Wrong secret or company ID (HTTP 401, code 4). */
class UnauthorizedException extends \plenigo\PlenigoException
{
}
