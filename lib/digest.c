#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "digest.h"

static void
to_hex(const unsigned char *d, char *hex, size_t nhex)
{
	static const char dig[] = "0123456789abcdef";
	size_t i;

	if (nhex > 2 * SHA256_DIGEST_SIZE)
		nhex = 2 * SHA256_DIGEST_SIZE;
	for (i = 0; i < nhex; i++)
		hex[i] = dig[(d[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	hex[nhex] = '\0';
}

void
digest_parts_hex(const struct strv *parts, size_t nparts, char *hex,
    size_t nhex)
{
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&c);
	for (i = 0; i < nparts; i++) {
		if (i > 0)
			sha256_update(&c, 1, (const uint8_t *)"");
		if (parts[i].p != NULL)
			sha256_update(&c, parts[i].len,
			    (const uint8_t *)parts[i].p);
	}
	sha256_digest(&c, sizeof(d), d);
	to_hex(d, hex, nhex);
}

void
digest_hmac_hex(const unsigned char *key, size_t keylen, const char *data,
    size_t len, char *hex, size_t nhex)
{
	struct hmac_sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];

	hmac_sha256_set_key(&c, keylen, key);
	hmac_sha256_update(&c, len, (const uint8_t *)data);
	hmac_sha256_digest(&c, sizeof(d), d);
	to_hex(d, hex, nhex);
}
