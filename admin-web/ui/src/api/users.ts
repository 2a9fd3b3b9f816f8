/** The console's calls for staff accounts (admins only): list, create, change. */
import { StaffUserList, StaffUserView, UpdatedStaffUser } from '@civic-kiosk/protocol/staff-users';
import type { CreateStaffUserRequest, UpdateStaffUserRequest } from '@civic-kiosk/protocol/staff-users';
import type { ApiClient } from './client.ts';

const USERS = '/api/staff/users';

export async function listUsers(api: ApiClient): Promise<StaffUserView[]> {
  return (await api.call('GET', USERS, StaffUserList)).users;
}

export function createUser(api: ApiClient, request: CreateStaffUserRequest): Promise<StaffUserView> {
  return api.call('POST', USERS, StaffUserView, request);
}

/** One change to an account; a generated password comes back in `generatedPassword`, this once. */
export function updateUser(api: ApiClient, id: string, patch: UpdateStaffUserRequest): Promise<UpdatedStaffUser> {
  return api.call('PATCH', `${USERS}/${encodeURIComponent(id)}`, UpdatedStaffUser, patch);
}
