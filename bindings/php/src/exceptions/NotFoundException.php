<?php

namespace plenigo\exceptions;

/** The customer (code 18) or customer app (code 19) does not exist (HTTP 404). */
class NotFoundException extends \plenigo\PlenigoException
{
}
