// What other front ends of the bank share with its HTTP API: the status of each domain error.
export { DOMAIN_ERROR_STATUS } from './error-response';
