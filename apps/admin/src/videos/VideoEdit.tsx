// Editing a video's metadata (title and description; the API accepts nothing else by PATCH),
// with the same lifecycle commands as the show page.
import { Edit, ShowButton, SimpleForm, TextInput, TopToolbar, maxLength, required } from 'react-admin';
import { DeleteVideoButton, PublishToggleButton } from './VideoCommands';

function VideoEditActions() {
  return (
    <TopToolbar>
      <ShowButton />
      <PublishToggleButton />
      <DeleteVideoButton />
    </TopToolbar>
  );
}

export default function VideoEdit() {
  return (
    <Edit actions={<VideoEditActions />} mutationMode="pessimistic" redirect="show">
      <SimpleForm>
        <TextInput
          source="title"
          label="Title"
          validate={[required(), maxLength(200)]}
          fullWidth
          slotProps={{ htmlInput: { 'data-testid': 'video-title-input' } }}
        />
        <TextInput
          source="description"
          label="Description"
          multiline
          minRows={3}
          validate={maxLength(5000)}
          fullWidth
          slotProps={{ htmlInput: { 'data-testid': 'video-description-input' } }}
        />
      </SimpleForm>
    </Edit>
  );
}
