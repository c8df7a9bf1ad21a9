#pragma once

// Everything a plugin includes from SigID.
#include "sigid/sdk/abi.hpp"
#include "sigid/sdk/barrier.hpp"
#include "sigid/sdk/billing_provider.hpp"
#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/registrar.hpp"
#include "sigid/sdk/result.hpp"
#include "sigid/sdk/sign_in_method.hpp"
#include "sigid/sdk/sso_provider.hpp"
#include "sigid/sdk/wallet_backend.hpp"
#include "sigid/sdk/webhook_transport.hpp"
