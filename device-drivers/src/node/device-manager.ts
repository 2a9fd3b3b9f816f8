/** The device layer's entry point for the kiosk: `@civic-kiosk/device-drivers/node/device-manager`. */
export { DeviceManager } from './device-manager/device-manager.ts';
export type { DeviceManagerEvents, DeviceManagerOptions } from './device-manager/device-manager.ts';
export { ALL_SIMULATED_CONFIG, startSimulatedDevices } from './device-manager/simulated.ts';
export type { SimulatedDevices } from './device-manager/simulated.ts';
export type { DeviceDrivers, ManagedDevice } from './device-manager/devices.ts';
export { DeviceConfig, DeviceConfigError, parseDeviceConfig, parseDeviceConfigText } from '../common/device-config.ts';
export { SimulatorControl, sendSimulatorCommand } from './sim/control-client.ts';
