<?php

namespace plenigo\exceptions;

/** The server rejected the request's parameters (HTTP 400, code 1). */
class BadRequestException extends \plenigo\PlenigoException
{
}
