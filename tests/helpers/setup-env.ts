// Test configuration: fixed, obviously fake secrets so lib/env validates.
process.env.HUBKEEPER_ENCRYPTION_KEYS ??= 'test1:' + Buffer.alloc(32, 7).toString('base64');
process.env.NEXTAUTH_SECRET ??= 'test-nextauth-secret-0123456789-abcdefghijkl';
process.env.LOG_LEVEL ??= 'silent';
process.env.DATABASE_URL ??= 'postgresql://unset@127.0.0.1:1/unit-tests-have-no-database';
