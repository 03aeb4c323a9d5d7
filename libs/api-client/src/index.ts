// The typed Carebook API client, generated from openapi.json by `npm run client:generate`.
export * from './lib';
