/**
 * The prefix of the Redis channels on which the API instances' socket.io adapters meet (`<key>#/#` for
 * broadcasts, `<key>#/#<room>#` for one room, `<key>-request#/#` for requests between instances). Plain data, so
 * the socket bench can publish into the same channels.
 */
export const SOCKET_IO_KEY = 'carebook:socket.io';
