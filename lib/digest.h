/*
 * digest: the hashes behind synthetic ids and pseudonyms (nettle's SHA-256
 * and HMAC-SHA256), written as lowercase hex.
 */
#ifndef ET_DIGEST_H
#define ET_DIGEST_H

#include <stddef.h>

#include "record.h"

/* SHA-256 of the parts joined by NUL bytes; writes 2*nhex... see below. */
void	digest_parts_hex(const struct strv *parts, size_t nparts, char *hex,
	    size_t nhex);
/* HMAC-SHA256(key, data) as hex; nhex <= 64 characters, NUL added. */
void	digest_hmac_hex(const unsigned char *key, size_t keylen,
	    const char *data, size_t len, char *hex, size_t nhex);

#endif
