export {
  describeStoreContract,
  storeContractAlertQueries,
  storeContractAlerts,
  storeContractEvents,
  storeContractQueries,
} from './stores/storeContract';
export type { StoreContractOptions, StoreContractQuery } from './stores/storeContract';
