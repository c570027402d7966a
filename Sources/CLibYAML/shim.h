#ifndef HALLMARK_CLIBYAML_SHIM_H
#define HALLMARK_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
