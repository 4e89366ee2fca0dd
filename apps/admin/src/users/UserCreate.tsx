// Creating an account with its role. The API judges password strength and answers 409 for an
// email that already exists; both messages are shown as they come.
import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, email, required } from 'react-admin';
import { ROLES } from '../dataProvider/apiTypes';

const roleChoices = ROLES.map((role) => ({ id: role, name: role }));

export default function UserCreate() {
  return (
    <Create title="New user" redirect="list">
      <SimpleForm defaultValues={{ role: 'viewer' }}>
        <TextInput
          source="email"
          label="Email"
          type="email"
          autoComplete="off"
          validate={[required(), email()]}
          slotProps={{ htmlInput: { 'data-testid': 'user-email-input' } }}
        />
        <PasswordInput
          source="password"
          label="Password"
          autoComplete="new-password"
          helperText="The server checks its strength and says what is missing."
          validate={required()}
          slotProps={{ htmlInput: { 'data-testid': 'user-password-input' } }}
        />
        <SelectInput
          source="role"
          label="Role"
          choices={roleChoices}
          validate={required()}
          data-testid="user-role-input"
        />
      </SimpleForm>
    </Create>
  );
}
