// Deleting a group, with a confirmation step. While objects or groups still use the group the server
// refuses (409) and lists the uses; they are shown with the message.
import { useNavigate } from 'react-router';
import { api, groupUsesOf, type Group } from '../../../api.ts';
import { DeleteSection } from '../../../ui/DeleteSection.tsx';
import { GroupUseList } from './GroupUseList.tsx';

export function GroupDeleteSection({ group }: { group: Group }) {
  const navigate = useNavigate();
  return (
    <DeleteSection
      headingId="delete-heading"
      title="Delete this group"
      explanation="A group that any object or other group still uses cannot be deleted."
      action="Delete group"
      question={`Delete the group “${group.name}” permanently? This cannot be undone.`}
      name={group.name}
      remove={() => api.groups.remove(group.id)}
      onDeleted={() => void navigate('/admin/groups', { state: { deleted: group.name } })}
      details={(error) => {
        const uses = groupUsesOf(error);
        return uses.length > 0 ? <GroupUseList uses={uses} groupName={group.name} /> : null;
      }}
    />
  );
}
