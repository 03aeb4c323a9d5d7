/**
 * Where the API instances' socket.io broadcasts meet in Redis (the Redis Streams adapter's stream, trimmed to
 * about `maxLen` entries, and its channels). Plain data, so the socket bench can join the same stream.
 */
export const REDIS_STREAM = { streamName: 'carebook:socket.io', channelPrefix: 'carebook:socket.io', maxLen: 10_000 } as const;
