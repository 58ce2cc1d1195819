export { fakeAuthorityHost, messageSizeProperty, startGraphApi, type DeliverOptions, type GraphApiServer, type InjectedFault } from './graph-api-server.js';
